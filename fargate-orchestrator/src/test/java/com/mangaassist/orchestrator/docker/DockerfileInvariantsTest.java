package com.mangaassist.orchestrator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.docker.DockerfileInvariants;
import com.mangaassist.localaws.docker.DockerfileModel;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What must hold of the orchestrator image, checked from its Dockerfile before the image is built (the container tests check the built image). */
class DockerfileInvariantsTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static DockerfileModel dockerfile;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = DockerfileModel.read(MODULE.resolve("Dockerfile"));
    }

    @Test
    void keepsThePlatformsImageRules() {
        assertThat(DockerfileInvariants.violations(dockerfile, "/health")).isEmpty();
    }

    @Test
    void javaIsPidOneSoSigtermStartsTheDrain() {
        assertThat(dockerfile.last().all("ENTRYPOINT")).singleElement()
                .satisfies(e -> assertThat(e.arguments()).startsWith("[\"/opt/java/bin/java\"").contains("com.mangaassist.orchestrator.OrchestratorApplication"));
    }

    @Test
    void heapFollowsTheContainersMemory() {
        assertThat(dockerfile.last().all("ENTRYPOINT")).singleElement().satisfies(e -> assertThat(e.arguments()).contains("-XX:MaxRAMPercentage="));
    }
}
