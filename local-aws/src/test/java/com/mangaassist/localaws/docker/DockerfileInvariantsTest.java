package com.mangaassist.localaws.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileInvariantsTest {

    @TempDir
    Path dir;

    private DockerfileModel dockerfile(String text) throws IOException {
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, text);
        return DockerfileModel.read(file);
    }

    @Test
    void violations_whenTheFileKeepsEveryRule_areNone() throws IOException {
        DockerfileModel clean = dockerfile("""
                ARG JDK_IMAGE
                FROM ${JDK_IMAGE} AS build
                RUN jlink --output /rootfs/opt/java \\
                 # a comment inside a continued RUN is dropped, as Docker drops it
                 && mkdir -p /rootfs/tmp
                FROM scratch AS runtime
                COPY --from=build /rootfs/ /
                USER 10001
                HEALTHCHECK CMD ["/bin/busybox", "wget", "-q", "http://127.0.0.1:8080/health"]
                ENTRYPOINT ["/opt/java/bin/java", "-jar", "/app.jar"]
                """);

        assertThat(DockerfileInvariants.violations(clean, "/health")).isEmpty();
        assertThat(clean.stages().get(0).all("RUN")).singleElement().satisfies(run -> assertThat(run.arguments()).doesNotContain("comment"));
    }

    @Test
    void violations_whenTheBuildFetchesAFrontendCompilesAndRunsAsRootOnATag_nameEachRule() throws IOException {
        DockerfileModel broken = dockerfile("""
                # syntax=docker/dockerfile:1.7
                FROM maven:3.9 AS build
                RUN mvn -B package
                FROM eclipse-temurin:17-jre AS runtime
                ENV API_TOKEN=abc
                ENTRYPOINT ["java", "-jar", "/app.jar"]
                """);

        assertThat(DockerfileInvariants.violations(broken, "/health")).anyMatch(v -> v.contains("syntax="))
                .anyMatch(v -> v.contains("compiles or tests (mvn"))
                .anyMatch(v -> v.contains("base 'maven:3.9' must be a digest"))
                .anyMatch(v -> v.contains("non-root USER"))
                .anyMatch(v -> v.contains("API_TOKEN=abc looks like a secret"))
                .anyMatch(v -> v.contains("HEALTHCHECK on /health"));
    }
}
