package com.mangaassist.planner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code capacity-planner <command>}: simulate the deployed platform over a trace or generated
 * traffic, and find the cheapest deployment that meets an SLA. Exits 0 on success, 1 with one line
 * naming what is wrong (the file, line and field), 2 on a usage error.
 */
@Command(name = "capacity-planner", mixinStandardHelpOptions = true,
        subcommands = {RunCommand.class, RecommendCommand.class, GenerateCommand.class, CalibrateCommand.class, ColdPathCommand.class,
                ReleaseAtPeakCommand.class, AffinityCommand.class, DefaultsCommand.class},
        description = "Replays traffic through the platform's routing and AWS's scaling dynamics.")
public final class PlannerCli {

    private PlannerCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The exit code {@code args} end in (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new PlannerCli());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("capacity-planner " + parsed.subcommand().commandSpec().name() + ": " + e.getMessage()
                    + " No report was written.");
            return 1;
        });
        return cli.execute(args);
    }
}
