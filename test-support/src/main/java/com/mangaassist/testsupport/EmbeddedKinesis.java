package com.mangaassist.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Kinesis API on 127.0.0.1, served by kinesalite (npm) in a child Node process. The first use
 * on a machine installs it with {@code npm ci} into a cache directory (under the system temp
 * directory, keyed by the lockfile), so nothing has to be set up by hand; later starts take
 * ~0.3 s. The AWS SDK v2 must talk JSON, not CBOR, to it: {@link #disableCborForThisJvm()}.
 *
 * <p>Needs {@code node} and {@code npm} on the PATH (CI installs Node.js).
 */
public final class EmbeddedKinesis implements AutoCloseable {

    private static final String RESOURCES = "kinesalite/";
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "kinesalite-local.js");

    private final Process process;
    private final int port;

    private EmbeddedKinesis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts on a free port. */
    public static EmbeddedKinesis start() {
        return start(0);
    }

    public static EmbeddedKinesis start(int port) {
        disableCborForThisJvm();
        Path home = installed();
        try {
            Process process = new ProcessBuilder("node", "kinesalite-local.js", Integer.toString(port)).directory(home.toFile())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("listening ")) {
                            return Integer.parseInt(line.substring("listening ".length()).strip());
                        }
                    }
                    throw new IllegalStateException("kinesalite exited before listening");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            int bound = ready.get(30, TimeUnit.SECONDS);
            // Keep draining its output so a chatty emulator never blocks on a full pipe.
            Thread drain = new Thread(() -> out.lines().forEach(line -> { }), "kinesalite-output");
            drain.setDaemon(true);
            drain.start();
            return new EmbeddedKinesis(process, bound);
        } catch (Exception e) {
            throw new IllegalStateException("could not start kinesalite from " + home + ": " + e.getMessage(), e);
        }
    }

    /** kinesalite speaks the JSON protocol only; SDK v2 defaults Kinesis to CBOR. */
    public static void disableCborForThisJvm() {
        System.setProperty("aws.cborEnabled", "false");
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The directory holding kinesalite and its node_modules, installing them the first time. */
    static synchronized Path installed() {
        try {
            byte[] lock = resource("package-lock.json");
            Path home = Path.of(System.getProperty("java.io.tmpdir"), "mangaassist-kinesalite-" + Integer.toHexString(java.util.Arrays.hashCode(lock)));
            Files.createDirectories(home);
            // Several test JVMs may start at once: one installs, the others wait on the file lock.
            try (FileChannel channel = FileChannel.open(home.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                for (String file : FILES) {
                    try (InputStream in = new java.io.ByteArrayInputStream(resource(file))) {
                        Files.copy(in, home.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                if (!Files.isDirectory(home.resolve("node_modules/kinesalite"))) {
                    // No install scripts: kinesalite runs on its in-memory store, so leveldown's native build is never needed.
                    Process npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
                            .directory(home.toFile()).redirectErrorStream(true).start();
                    String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                        throw new IllegalStateException("npm ci for kinesalite failed in " + home + ":\n" + output);
                    }
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing kinesalite", e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = EmbeddedKinesis.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return in.readAllBytes();
        }
    }
}
