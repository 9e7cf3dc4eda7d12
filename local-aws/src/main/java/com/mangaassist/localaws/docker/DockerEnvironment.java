package com.mangaassist.localaws.docker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * Whether the tests that build and run images can run here: a Docker engine and the local OCI
 * registry ({@code MANGAASSIST_REGISTRY}, default {@code 127.0.0.1:5000}). Where they are missing
 * the tests are skipped in well under a second, unless {@code MANGAASSIST_REQUIRE_DOCKER=1} (CI
 * sets it): then a missing engine fails the build instead of passing it silently.
 */
public final class DockerEnvironment {

    public static final String REGISTRY = System.getenv().getOrDefault("MANGAASSIST_REGISTRY", "127.0.0.1:5000");
    private static final boolean REQUIRED = "1".equals(System.getenv("MANGAASSIST_REQUIRE_DOCKER"));
    private static volatile String missing;
    private static volatile boolean checked;

    private DockerEnvironment() {
    }

    /** Aborts the calling test (or fails it, where Docker is required) unless the engine and registry answer. */
    public static void require() {
        String why = missing();
        if (why == null) {
            return;
        }
        if (REQUIRED) {
            throw new AssertionError("MANGAASSIST_REQUIRE_DOCKER=1 but " + why);
        }
        throw new TestAbortedException(why + " (set MANGAASSIST_REQUIRE_DOCKER=1 to make this a failure)");
    }

    /** The Docker client to run: Debian's, which has BuildKit built in, where it is installed. */
    public static String client() {
        return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }

    private static synchronized String missing() {
        if (!checked) {
            missing = probe();
            checked = true;
        }
        return missing;
    }

    private static String probe() {
        try {
            Process info = new ProcessBuilder(client(), "info", "--format", "{{.ServerVersion}}").redirectErrorStream(true).start();
            if (!info.waitFor(10, TimeUnit.SECONDS) || info.exitValue() != 0) {
                info.destroyForcibly();
                return "no Docker engine answers (start dockerd --bridge=none --iptables=false)";
            }
        } catch (IOException e) {
            return "no Docker client (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing Docker";
        }
        try {
            HttpResponse<Void> registry = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return registry.statusCode() == 200 ? null : "the local registry at " + REGISTRY + " answered " + registry.statusCode();
        } catch (IOException e) {
            return "no OCI registry at " + REGISTRY + " (start docker-registry serve with http.addr " + REGISTRY + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing the registry";
        }
    }
}
