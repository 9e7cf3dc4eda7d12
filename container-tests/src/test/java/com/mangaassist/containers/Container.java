package com.mangaassist.containers;

import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.docker.DockerEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One container of a platform image, run with the docker CLI on the host network (loopback only),
 * as the platform's tests drive it: start, wait, read its logs and health, stop, remove.
 */
final class Container implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String id;
    private final int port;

    private Container(String id, int port) {
        this.id = id;
        this.port = port;
    }

    /**
     * {@code docker run -d --network host} of {@code image} with the service on {@code port} (its
     * {@code MICRONAUT_SERVER_PORT}), {@code environment}, the given extra docker flags and command.
     */
    static Container run(String image, int port, Map<String, String> environment, List<String> dockerFlags, List<String> command) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--network", "host", "-e", "MICRONAUT_SERVER_PORT=" + port));
        environment.forEach((name, value) -> args.addAll(List.of("-e", name + "=" + value)));
        args.addAll(dockerFlags);
        args.add(image);
        args.addAll(command);
        return new Container(docker(args, Duration.ofMinutes(2)).strip(), port);
    }

    static String docker(List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(DockerEnvironment.client()));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("docker " + String.join(" ", args) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The status of GET {@code path}, or -1 while nothing listens. */
    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until GET {@code path} answers {@code status}, failing with the container's logs. */
    void awaitStatus(String path, int status, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> status(path) == status);
        } catch (RuntimeException e) {
            throw new AssertionError(path + " never answered " + status + "; container logs:\n" + logs(), e);
        }
    }

    String logs() {
        return docker(List.of("logs", id), Duration.ofSeconds(30));
    }

    String inspect(String format) {
        return docker(List.of("inspect", "--format", format, id), Duration.ofSeconds(30)).strip();
    }

    String exec(String... command) {
        List<String> args = new ArrayList<>(List.of("exec", id));
        args.addAll(List.of(command));
        return docker(args, Duration.ofSeconds(30)).strip();
    }

    /** Waits for the container to exit on its own and answers its exit code. */
    int awaitExit(Duration timeout) {
        return Integer.parseInt(docker(List.of("wait", id), timeout).strip());
    }

    /** {@code docker stop} (SIGTERM, then SIGKILL after {@code grace}); answers the exit code. */
    int stop(Duration grace) {
        docker(List.of("stop", "--time", Long.toString(grace.toSeconds()), id), grace.plusSeconds(30));
        return Integer.parseInt(inspect("{{.State.ExitCode}}"));
    }

    @Override
    public void close() {
        try {
            docker(List.of("rm", "-f", id), Duration.ofSeconds(30));
        } catch (IllegalStateException alreadyGone) {
            // removed already
        }
    }
}
