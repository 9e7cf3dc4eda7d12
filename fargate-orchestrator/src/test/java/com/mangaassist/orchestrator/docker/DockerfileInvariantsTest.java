package com.mangaassist.orchestrator.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.docker.DockerfileInvariants;
import com.mangaassist.localaws.docker.DockerfileModel;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What must hold of the orchestrator image, checked from its Dockerfile since no Docker engine runs here. */
class DockerfileInvariantsTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static DockerfileModel dockerfile;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = DockerfileModel.read(MODULE.resolve("Dockerfile"));
    }

    @Test
    void keepsThePlatformsImageRules() throws IOException {
        assertThat(DockerfileInvariants.violations(dockerfile, MODULE.resolve("../pom.xml"), "/health")).isEmpty();
    }

    @Test
    void javaIsPidOneSoSigtermStartsTheDrain() {
        assertThat(dockerfile.last().all("ENTRYPOINT")).singleElement()
                .satisfies(e -> assertThat(e.arguments()).startsWith("[\"java\"").contains("com.mangaassist.orchestrator.OrchestratorApplication"));
    }

    @Test
    void heapFollowsTheContainersMemory() {
        assertThat(dockerfile.last().all("ENV")).anySatisfy(env -> assertThat(env.arguments()).contains("-XX:MaxRAMPercentage="));
    }
}
