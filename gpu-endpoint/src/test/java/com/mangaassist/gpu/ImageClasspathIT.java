package com.mangaassist.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.architecture.ProductionArtifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the image's class path is built from (the Dockerfile copies exactly {@code target/lib} and
 * the module's jar): the service, and none of the local emulation, emulators or test libraries.
 */
class ImageClasspathIT {

    @Test
    void imageClasspath_holdsTheServiceAndNoLocalOrTestCode() throws IOException {
        List<String> classes = new ArrayList<>(ProductionArtifacts.classesOfDirectory(Path.of("target/lib")));
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("gpu-endpoint-[^/]*\\.jar") && !p.toString().endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("the package phase did not build the module's jar"));
            classes.addAll(ProductionArtifacts.classesOf(jar));
        }

        assertThat(classes).contains("com/mangaassist/gpu/GpuEndpointApplication.class");
        assertThat(ProductionArtifacts.forbidden(classes)).isEmpty();
    }
}
