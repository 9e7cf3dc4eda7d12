package com.mangaassist.release.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code release <command>}: how anything of the platform reaches AWS (ADR 0018). Every command
 * exits 0 on success, 1 with one line saying what is wrong, 2 on a usage error.
 */
@Command(name = "release", mixinStandardHelpOptions = true, subcommands = {BuildCommand.class, KeygenCommand.class, SignCommand.class, PromoteCommand.class,
        RevokeCommand.class, RollbackCommand.class, AffectedCommand.class, ApproveCommand.class,
        WaiveCommand.class, DiffCommand.class},
        description = "Builds, records and deploys MangaAssist releases.")
public final class ReleaseCli {

    private ReleaseCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The exit code {@code args} end in (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new ReleaseCli());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("release " + parsed.subcommand().commandSpec().name() + ": " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
