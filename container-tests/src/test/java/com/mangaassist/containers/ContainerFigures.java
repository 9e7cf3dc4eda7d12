package com.mangaassist.containers;

import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.release.docker.ImageBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/** Image sizes and start-to-ready times, appended to {@code target/container-figures.md} (docs/benchmarks.md quotes them). */
final class ContainerFigures {

    private ContainerFigures() {
    }

    static synchronized void record(String what, ImageBuilder.BuiltImage image, Duration startToReady) {
        Path file = ServiceProcess.reactorRoot().resolve("container-tests/target/container-figures.md");
        String line = String.format(Locale.ROOT, "| %s | %.1f MB | %.1f s | %.1f s |%n", what, image.sizeBytes() / 1e6,
                image.buildTime().toMillis() / 1000.0, startToReady.toMillis() / 1000.0);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, "| image | size (uncompressed) | build (cached bases) | container start to ready |\n|---|---:|---:|---:|\n");
            }
            Files.writeString(file, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(line);
    }
}
