package com.mangaassist.localaws.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One of the platform's own services (the gpu-endpoint, the orchestrator) as a separate JVM, run
 * from its module's packaged jar and {@code target/lib}, exactly as its container runs it. Tests
 * and the local stack use separate processes rather than a second Micronaut context in their own
 * JVM because Micronaut loads every bean definition on the classpath: two services in one JVM
 * would start each other's beans. Output goes to {@code target/service-logs/<name>.log} of the
 * calling module.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * JVM flags for every service started from here. The default favours start-up (C1 only), which
     * suits tests; benchmarks set production-like flags so CPU per turn is not inflated.
     */
    public static final String JVM_FLAGS_PROPERTY = "mangaassist.service-jvm-flags";
    private static final String DEFAULT_JVM_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} of reactor module {@code module} on a free 127.0.0.1 port (passed as
     * {@code MICRONAUT_SERVER_PORT}), with Micronaut properties as system properties.
     */
    public static ServiceProcess start(String name, String module, String mainClass, List<String> args, Map<String, String> properties) {
        return start(name, module, mainClass, args, properties, LoopbackPorts.free());
    }

    /** The same on a given port (a restarted instance keeps its address, as a replaced instance keeps its routing entry). */
    public static ServiceProcess start(String name, String module, String mainClass, List<String> args, Map<String, String> properties, int port) {
        return start(name, module, List.of(), mainClass, args, properties, Map.of(), port);
    }

    /**
     * The same with {@code extraClasspath} after the module's own (a local stand-in for what AWS
     * provides around the artifact, such as Lambda's event source, which the artifact never holds)
     * and {@code environment} variables added to this process's own.
     */
    public static ServiceProcess start(String name, String module, List<Path> extraClasspath, String mainClass, List<String> args,
                                       Map<String, String> properties, Map<String, String> environment, int port) {
        Path moduleDir = reactorRoot().resolve(module);
        Path lib = moduleDir.resolve("target/lib");
        Path jar;
        try (Stream<Path> jars = Files.list(moduleDir.resolve("target"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith(module + "-") && p.toString().endsWith(".jar")
                    && !p.toString().endsWith("-tests.jar")).findFirst().orElse(null);
        } catch (IOException e) {
            jar = null;
        }
        if (jar == null || !Files.isDirectory(lib)) {
            throw new IllegalStateException("module " + module + " is not packaged; run: mvn -pl " + module + " -am package -DskipTests");
        }
        StringBuilder classpath = new StringBuilder(jar + java.io.File.pathSeparator + lib + "/*");
        extraClasspath.forEach(entry -> classpath.append(java.io.File.pathSeparator).append(entry));
        return startOnClasspath(name, classpath.toString(), mainClass, args, properties, environment, port);
    }

    /** Starts {@code mainClass} from an explicit classpath (e.g. a module's runtime dependencies before it is packaged). */
    public static ServiceProcess startOnClasspath(String name, String classpath, String mainClass, List<String> args, Map<String, String> properties) {
        return startOnClasspath(name, classpath, mainClass, args, properties, Map.of(), LoopbackPorts.free());
    }

    /**
     * The same configured as a container is, through {@code environment} variables (and no system
     * properties but the loopback host), to prove what a deployed service reads.
     */
    public static ServiceProcess startWithEnvironment(String name, String classpath, String mainClass, List<String> args,
                                                      Map<String, String> environment) {
        return startOnClasspath(name, classpath, mainClass, args, Map.of(), environment, LoopbackPorts.free());
    }

    private static ServiceProcess startOnClasspath(String name, String classpath, String mainClass, List<String> args, Map<String, String> properties,
                                                   Map<String, String> environment,
                                                   int port) {
        return launch(name, classpath, List.of(System.getProperty(JVM_FLAGS_PROPERTY, DEFAULT_JVM_FLAGS).trim().split("\\s+")), mainClass, args,
                properties, environment, port);
    }

    /**
     * A process that is not one of our services and needs its own JVM flags (a search node with a
     * fixed heap): {@code jvmFlags} replace the services' defaults.
     */
    public static ServiceProcess startWithJvmFlags(String name, String classpath, List<String> jvmFlags, String mainClass, List<String> args,
                                                   int port) {
        return launch(name, classpath, jvmFlags, mainClass, args, Map.of(), Map.of(), port);
    }

    private static ServiceProcess launch(String name, String classpath, List<String> jvmFlags, String mainClass, List<String> args,
                                        Map<String, String> properties, Map<String, String> environment, int port) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags);
        command.add("-Dmicronaut.server.host=127.0.0.1");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        try {
            Path logs = Path.of(System.getProperty("mangaassist.service-logs", "target/service-logs"));
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            return new ServiceProcess(name, builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkout's root: the nearest directory up from here whose pom.xml lists the modules. */
    public static Path reactorRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>gpu-endpoint</module>")) {
                    return dir;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("not inside the MangaAssist checkout: " + Path.of("").toAbsolutePath());
    }

    /** Fails with the process's last output when it is no longer running. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Where {@code type} was loaded from: its jar, or its module's classes directory. */
    public static Path codeSourceOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CPU time the process has used so far (user + system), for per-turn cost figures. */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for " + name));
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** Where the process's stdout and stderr go (what log-derived checks read). */
    public Path log() {
        return log;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits until GET {@code path} answers 200, failing with the process's log when it dies or takes too long. */
    public ServiceProcess awaitReady(String path, Duration timeout) {
        return awaitReady(path, timeout, body -> true);
    }

    /** Waits until GET {@code path} answers 200 with a body that {@code ready} accepts. */
    public ServiceProcess awaitReady(String path, Duration timeout, java.util.function.Predicate<String> ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertAlive();
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && ready.test(response.body())) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
        throw new IllegalStateException(name + " not ready at " + path + " within " + timeout + ":\n" + tail());
    }

    /** Waits for the process to end and answers its exit code; fails when it is still running after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still running after " + timeout + ":\n" + tail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the process printed a line containing {@code marker} (services without an HTTP port). */
    public ServiceProcess awaitOutput(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertAlive();
            try {
                if (Files.exists(log) && Files.readString(log).contains(marker)) {
                    return this;
                }
            } catch (IOException notYet) {
                // being written
            }
            pause();
        }
        throw new IllegalStateException(name + " did not print '" + marker + "' within " + timeout + ":\n" + tail());
    }

    /** The last lines the service printed. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A suspended process cannot act on SIGTERM: wake it first (harmless when it runs). */
    private void resumeQuietly() {
        try {
            new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            // best effort: destroy follows
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as the OOM killer or a lost host does: no shutdown hook, no drain. Returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process hangs with its sockets open (a stalled GC, a frozen host), until {@link #resume()}. */
    public void suspend() {
        signal("STOP");
    }

    /** SIGCONT after {@link #suspend()}. */
    public void resume() {
        signal("CONT");
    }

    /** SIGTERM without waiting (a drain the caller watches). */
    public void terminate() {
        process.destroy();
    }

    public boolean alive() {
        return process.isAlive();
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        resumeQuietly();
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
