package com.mangaassist.localaws;

import com.mangaassist.localaws.process.NodePackages;
import com.mangaassist.shared.runtime.DaemonThreads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Kinesis API on 127.0.0.1, served by kinesalite (npm) in a child Node process. The first use
 * on a machine installs it ({@link NodePackages}), so nothing has to be set up by hand; later
 * starts take ~0.3 s. The AWS SDK v2 must talk JSON, not CBOR, to it: {@link #disableCborForThisJvm()}.
 *
 * <p>Needs {@code node} and {@code npm} on the PATH (CI installs Node.js).
 */
public final class EmbeddedKinesis implements AutoCloseable {


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
            DaemonThreads.start("kinesalite-output", () -> out.lines().forEach(line -> { }));
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
    static Path installed() {
        return NodePackages.installed(EmbeddedKinesis.class, "kinesalite", List.of("kinesalite-local.js"), "kinesalite");
    }
}
