package com.mangaassist.localaws.search;

import com.mangaassist.localaws.process.LoopbackPorts;
import com.mangaassist.localaws.process.ServiceProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real single-node OpenSearch (module {@code local-search}) as its own JVM on 127.0.0.1, for
 * local runs and tests: the same engine, analyzers and k-NN engine the OpenSearch Service domain
 * runs in AWS (ADR 0026). Its own process because OpenSearch brings its own Netty, Jackson, Lucene
 * and Log4j, and because the fault suite kills and stalls it like any other dependency.
 */
public final class LocalOpenSearch implements AutoCloseable {

    private static final String MAIN = "com.mangaassist.localsearch.OpenSearchNode";
    private static final String STARTED = "local OpenSearch node started";
    /** A small fixed heap: the catalog's index is tens of megabytes, and the machine has other processes to run. */
    private static final List<String> JVM_FLAGS = List.of("-Xms384m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final ServiceProcess process;

    private LocalOpenSearch(ServiceProcess process) {
        this.process = process;
    }

    /** Starts a node keeping its data under {@code home}, on a free port, and waits until it answers. */
    public static LocalOpenSearch start(Path home) {
        return start(home, LoopbackPorts.free());
    }

    public static LocalOpenSearch start(Path home, int port) {
        Path module = ServiceProcess.reactorRoot().resolve("local-search/target");
        String classpath;
        try (Stream<Path> files = Files.list(module)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("local-search-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("local-search is not packaged: run mvn -pl local-search package"));
            classpath = jar + File.pathSeparator + module.resolve("lib") + "/*" + File.pathSeparator + module.resolve("opensearch-knn") + "/*";
        } catch (IOException e) {
            throw new UncheckedIOException("local-search is not packaged: run mvn -pl local-search package", e);
        }
        ServiceProcess process = ServiceProcess.startWithJvmFlags("opensearch", classpath, JVM_FLAGS, MAIN,
                List.of(Integer.toString(port), home.toAbsolutePath().toString()), port);
        try {
            process.awaitOutput(STARTED, Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new LocalOpenSearch(process);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + process.port());
    }

    public ServiceProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
