package com.mangaassist.overflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.architecture.ProductionArtifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The deployment zip as built: the handler and its runtime, and none of the local event source, emulators or test libraries. */
class LambdaZipContentsIT {

    @Test
    void lambdaZip_holdsTheHandlerAndNoLocalOrTestCode() throws IOException {
        Path zip;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            zip = files.filter(p -> p.getFileName().toString().endsWith("-lambda.zip")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/*-lambda.zip: the package phase did not build it"));
        }

        List<String> classes = ProductionArtifacts.classesOf(zip);

        assertThat(classes).contains("com/mangaassist/overflow/OverflowHandler.class")
                .anyMatch(entry -> entry.endsWith("!com/mangaassist/pipeline/turn/TurnPipeline.class"));
        assertThat(ProductionArtifacts.forbidden(classes)).isEmpty();
    }
}
