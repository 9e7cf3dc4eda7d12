package com.mangaassist.gpu.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What must hold of the gpu-endpoint image, checked from its Dockerfile since no Docker engine runs here. */
class DockerfileInvariantsTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Pattern DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|password|passwd|token|api_?key|access_?key|credential).*");
    private static DockerfileModel dockerfile;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = DockerfileModel.read(MODULE.resolve("Dockerfile"));
    }

    @Test
    void hasSeparateBuildAndRuntimeStages() {
        assertThat(dockerfile.stages()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(dockerfile.last().name()).isEqualTo("runtime");
        assertThat(dockerfile.last().all("RUN")).noneMatch(run -> run.arguments().contains("mvn"));
    }

    @Test
    void everyBaseImageIsAnEarlierStageOrPinnedByDigest() {
        Set<String> argsWithoutDefault = dockerfile.preamble().stream().filter(i -> i.keyword().equals("ARG"))
                .map(i -> i.arguments()).filter(a -> !a.contains("=")).collect(Collectors.toSet());
        List<String> earlier = new java.util.ArrayList<>();
        for (DockerfileModel.Stage stage : dockerfile.stages()) {
            String base = stage.base();
            Matcher arg = Pattern.compile("\\$\\{?(\\w+)}?").matcher(base);
            boolean pinned = DIGEST.matcher(base).matches()
                    || earlier.contains(base)
                    || (arg.matches() && argsWithoutDefault.contains(arg.group(1)));
            assertThat(pinned).as("base '%s' must be a digest, an earlier stage, or a build arg with no (mutable) default", base).isTrue();
            if (stage.name() != null) {
                earlier.add(stage.name());
            }
        }
    }

    @Test
    void runtimeRunsAsANonRootUser() {
        List<DockerfileModel.Instruction> users = dockerfile.last().all("USER");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).arguments().split(":")[0];
        assertThat(user).isNotIn("root", "0");
    }

    @Test
    void noSecretsInEnvOrArg() {
        List<DockerfileModel.Instruction> all = new java.util.ArrayList<>(dockerfile.preamble());
        dockerfile.stages().forEach(s -> all.addAll(s.instructions()));
        for (DockerfileModel.Instruction i : all) {
            if (i.keyword().equals("ENV") || i.keyword().equals("ARG")) {
                for (String assignment : i.arguments().split("\\s+")) {
                    String name = assignment.split("=")[0];
                    assertThat(name).as("%s %s", i.keyword(), assignment).doesNotMatch(SECRET_NAME);
                }
            }
        }
    }

    @Test
    void runtimeHasAHealthCheckOnPing() {
        assertThat(dockerfile.last().all("HEALTHCHECK")).singleElement()
                .satisfies(h -> assertThat(h.arguments()).contains("/ping"));
    }

    @Test
    void defaultCommandIsServe() {
        assertThat(dockerfile.last().all("CMD")).singleElement().satisfies(c -> assertThat(c.arguments()).isEqualTo("[\"serve\"]"));
        assertThat(dockerfile.last().all("ENTRYPOINT")).singleElement()
                .satisfies(e -> assertThat(e.arguments()).contains("/usr/local/bin/gpu-endpoint"));
    }

    @Test
    void buildStageCopiesEveryReactorModulePom() throws IOException {
        String root = Files.readString(MODULE.resolve("../pom.xml"));
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(root);
        String copies = dockerfile.stages().get(0).all("COPY").stream().map(DockerfileModel.Instruction::arguments)
                .collect(Collectors.joining("\n"));
        while (module.find()) {
            assertThat(copies).as("Maven needs every reactor module's pom to build").contains(module.group(1) + "/pom.xml");
        }
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
                "--quantization,awq", "--max-num-seqs", "--max-model-len");
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
