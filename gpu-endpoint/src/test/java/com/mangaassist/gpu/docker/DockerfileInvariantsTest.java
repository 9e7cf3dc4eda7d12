package com.mangaassist.gpu.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.docker.DockerfileInvariants;
import com.mangaassist.localaws.docker.DockerfileModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What must hold of the gpu-endpoint image, checked from its Dockerfile before the image is built (the container tests check the built image). */
class DockerfileInvariantsTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static DockerfileModel dockerfile;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = DockerfileModel.read(MODULE.resolve("Dockerfile"));
    }

    @Test
    void keepsThePlatformsImageRules() {
        assertThat(DockerfileInvariants.violations(dockerfile, "/ping")).isEmpty();
    }

    @Test
    void defaultCommandIsServe() {
        assertThat(dockerfile.last().all("CMD")).singleElement().satisfies(c -> assertThat(c.arguments()).isEqualTo("[\"serve\"]"));
        assertThat(dockerfile.last().all("ENTRYPOINT")).singleElement()
                .satisfies(e -> assertThat(e.arguments()).contains("/usr/local/bin/gpu-endpoint"));
    }

    @Test
    void runtimeStage_keepsTheModelHubsOffline() {
        // SageMaker runs the endpoint with network isolation: a hub lookup would hang the load, not fetch anything.
        assertThat(dockerfile.last().all("ENV")).anySatisfy(env -> assertThat(env.arguments()).contains("HF_HUB_OFFLINE=1", "TRANSFORMERS_OFFLINE=1"));
    }

    @Test
    void entrypoint_acceptsServeAndPassesItToTheApplication(@TempDir Path tmp) throws Exception {
        Path fakeJava = fakeJava(tmp);

        Result serve = runEntrypoint(tmp, "serve");
        Result bogus = runEntrypoint(tmp, "train");

        assertThat(serve.code()).isZero();
        assertThat(serve.output()).contains("com.mangaassist.gpu.GpuEndpointApplication serve");
        assertThat(bogus.code()).isEqualTo(2);
        assertThat(bogus.output()).contains("usage");
        assertThat(fakeJava).exists();
    }

    @Test
    void vllmCommand_carriesTheSeedsFlags() throws Exception {
        Process process = new ProcessBuilder("sh", MODULE.resolve("docker/vllm-command.sh").toString()).redirectErrorStream(true).start();
        String command = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);

        assertThat(command.toLowerCase(Locale.ROOT)).contains("--gpu-memory-utilization,0.92", "--block-size,16", "--enable-prefix-caching",
                "--quantization,awq", "--max-num-seqs", "--max-model-len", "--max-num-batched-tokens,8192", "--load-format,safetensors",
                "--tensor-parallel-size,1");
    }

    private record Result(int code, String output) {
    }

    private static Path fakeJava(Path tmp) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"java $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private static Result runEntrypoint(Path tmp, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", MODULE.resolve("docker/entrypoint.sh").toString(), command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
        builder.environment().put("GPU_ENDPOINT_ENGINE", "simulated");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return new Result(process.exitValue(), output);
    }
}
