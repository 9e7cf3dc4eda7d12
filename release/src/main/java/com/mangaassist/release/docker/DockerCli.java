package com.mangaassist.release.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker engine through its CLI, with BuildKit on. Debian's client ({@code /usr/bin/docker})
 * is preferred where it exists: it has BuildKit built in, while a standalone client may want a
 * buildx plugin that is not installed. Every build and run uses the host network (loopback only:
 * the local registry and emulators; nothing on a bridge).
 */
public final class DockerCli {

    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

    private final String executable;

    public DockerCli(String executable) {
        this.executable = executable;
    }

    /** Debian's client when installed, else whatever {@code docker} is on the PATH. */
    public static DockerCli detect() {
        return new DockerCli(Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker");
    }

    /** Whether an engine answers (the client alone is not enough). */
    public boolean engineAvailable() {
        try {
            return run(List.of("info", "--format", "{{.ServerVersion}}"), Duration.ofSeconds(10), false).exitCode() == 0;
        } catch (UncheckedIOException noClient) {
            return false;
        }
    }

    /** {@code docker build} from {@code context}; returns the image id. */
    public String build(Path context, Path dockerfile, Map<String, String> buildArgs, String tag, Duration timeout) {
        try {
            Path iidFile = Files.createTempFile("image-id", ".txt");
            try {
                List<String> args = new ArrayList<>(List.of("build", "--network", "host", "--progress", "plain", "-f", dockerfile.toString(),
                        "-t", tag, "--iidfile", iidFile.toString()));
                buildArgs.forEach((name, value) -> args.addAll(List.of("--build-arg", name + "=" + value)));
                args.add(context.toString());
                run(args, timeout, true);
                String id = Files.readString(iidFile).strip();
                if (!id.startsWith("sha256:")) {
                    throw new DockerException("docker build of " + tag + " wrote no image id");
                }
                return id;
            } finally {
                Files.deleteIfExists(iidFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pushes {@code tag} and answers the registry's manifest digest for it. */
    public String push(String tag, Duration timeout) {
        Result result = run(List.of("push", tag), timeout, true);
        Matcher digest = PUSHED_DIGEST.matcher(result.stdout());
        if (!digest.find()) {
            throw new DockerException("docker push of " + tag + " printed no digest:\n" + result.tail());
        }
        return digest.group(1);
    }

    /** {@code docker import} of a root filesystem tarball as an image called {@code tag}. */
    public void importRootfs(Path tarball, String tag, Duration timeout) {
        run(List.of("import", tarball.toString(), tag), timeout, true);
    }

    /** {@code docker login} with the registry's credentials (the password on stdin, never on the command line). */
    public void login(String registry, com.mangaassist.release.registry.RegistryAuth auth) {
        String basic = auth.authorization().filter(h -> h.startsWith("Basic ")).orElseThrow(
                () -> new DockerException("registry " + registry + " gave no basic credentials to log in with"));
        String[] userPassword = new String(java.util.Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
        try {
            Process process = new ProcessBuilder(executable, "login", "--username", userPassword[0], "--password-stdin", registry)
                    .redirectErrorStream(true).start();
            process.getOutputStream().write(userPassword[1].getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new DockerException("docker login to " + registry + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerException("interrupted while logging in to " + registry);
        }
    }

    public void tag(String source, String target) {
        run(List.of("tag", source, target), Duration.ofSeconds(30), true);
    }

    /** The image's size in bytes as the engine reports it (uncompressed). */
    public long imageSize(String image) {
        return Long.parseLong(run(List.of("image", "inspect", "--format", "{{.Size}}", image), Duration.ofSeconds(30), true).stdout().strip());
    }

    /** Whether the engine has {@code image} locally (no pull is attempted). */
    public boolean hasImage(String image) {
        return run(List.of("image", "inspect", image), Duration.ofSeconds(30), false).exitCode() == 0;
    }

    /** Any docker command; {@code check} makes a non-zero exit an exception carrying the output. */
    public Result run(List<String> args, Duration timeout, boolean check) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("DOCKER_BUILDKIT", "1");
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DockerException("docker " + String.join(" ", args) + " did not finish within " + timeout);
            }
            Result result = new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
            if (check && result.exitCode() != 0) {
                throw new DockerException("docker " + args.get(0) + " failed (exit " + result.exitCode() + "):\n" + result.tail());
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerException("interrupted while running docker " + args.get(0));
        }
    }

    /** What a docker command printed (stdout and stderr together) and how it ended. */
    public record Result(int exitCode, String stdout) {
        /** The last lines, for error messages. */
        public String tail() {
            String[] lines = stdout.split("\n");
            return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
        }
    }

    /** A docker command failed; the message carries what it printed. */
    public static final class DockerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DockerException(String message) {
            super(message);
        }
    }
}
