package com.mangaassist.planner.cli;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.traffic.TraceTurn;
import com.mangaassist.planner.traffic.TrafficGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true, description = "Writes the generated traffic as a CSV trace (to inspect, edit, or replay with --trace).")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    Inputs inputs;

    @Option(names = "--out", required = true, description = "The trace file to write.")
    Path out;

    @Override
    public Integer call() {
        PlannerConfig config = inputs.config();
        TrafficGenerator generator = new TrafficGenerator(config.traffic());
        long turns = 0;
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, "." + out.getFileName(), ".partial");
            try (BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                writer.write("timestamp,user,conversation,tokens_in,tokens_out,locale,query\n");
                for (TraceTurn turn = generator.next(); turn != null; turn = generator.next()) {
                    writer.write(String.format(Locale.ROOT, "%.3f,%s,%s,%d,%d,%s,\"%s\"%n", turn.at(), turn.user(), turn.conversation(), turn.tokensIn(),
                            turn.tokensOut(), turn.locale(), turn.query().replace("\"", "\"\"")));
                    turns++;
                }
            }
            Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf(Locale.ROOT, "wrote %s: %,d turns%n", out, turns);
        return 0;
    }
}
