package com.mangaassist.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * End-to-end figures for the gpu-endpoint, on this machine, over loopback HTTP:
 * <ol>
 *   <li>time from process start to traffic-ready, with the local stack's simulated GPU (2 s load,
 *       8 warmup shapes) and with an instant engine (the front's own start-up);</li>
 *   <li>the front's added latency: {@code POST /invocations} round trips against an instant engine
 *       (so all measured time is HTTP, JSON, budget, breaker and metrics), p50/p99/p99.9.</li>
 * </ol>
 * Usage: {@code java -cp bench/target/benchmarks.jar com.mangaassist.bench.GpuEndpointBench [requests]}
 */
public final class GpuEndpointBench {

    private static final String REQUEST = "{\"requestId\":\"bench\",\"adapter\":\"chatbot-en\",\"systemPrompt\":\"You are MangaAssist.\","
            + "\"history\":[{\"seq\":1,\"role\":\"user\",\"text\":\"I loved Vinland Saga\",\"tokens\":12},"
            + "{\"seq\":2,\"role\":\"assistant\",\"text\":\"Great pick!\",\"tokens\":9}],"
            + "\"query\":\"Something with politics?\",\"maxTokens\":1,\"stream\":false}";

    private GpuEndpointBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Machine: %s %s, %d cores, JDK %s%n%n", System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));

        report.append("| start-up | time to traffic-ready |\n|---|---:|\n");
        report.append(String.format(Locale.ROOT, "| local defaults (simulated A10G, 2 s load, 8 shapes) | %,d ms |%n",
                timeToReady(Map.of()).toMillis()));
        Map<String, Object> instant = Map.of("gpu-endpoint.simulated.load-time", "0s", "gpu-endpoint.simulated.first-shape-cost", "0s",
                "gpu-endpoint.simulated.prefill-per-token", "0s", "gpu-endpoint.simulated.decode-per-token", "0s");
        report.append(String.format(Locale.ROOT, "| instant engine (the front alone) | %,d ms |%n%n", timeToReady(instant).toMillis()));

        try (ApplicationContext context = start(instant)) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.getPort() + "/invocations");
            awaitReady(http, server.getPort());
            for (int i = 0; i < Math.min(2_000, requests); i++) {
                post(http, uri);
            }
            long[] nanos = new long[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                post(http, uri);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            report.append(String.format(Locale.ROOT, "| POST /invocations, instant engine, %,d sequential requests | p50 | p99 | p99.9 |%n", requests));
            report.append("|---|---:|---:|---:|\n");
            report.append(String.format(Locale.ROOT, "| round trip over loopback | %.3f ms | %.3f ms | %.3f ms |%n",
                    ms(nanos, 0.50), ms(nanos, 0.99), ms(nanos, 0.999)));
        }
        System.out.print(report);
        Path out = Path.of("bench/target/gpu-endpoint-bench.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static ApplicationContext start(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.host", "127.0.0.1");
        props.put("micronaut.server.port", -1);
        props.put("gpu-endpoint.health.probe-interval", "1h");
        props.putAll(overrides);
        return ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
    }

    private static Duration timeToReady(Map<String, Object> overrides) throws Exception {
        long start = System.nanoTime();
        try (ApplicationContext context = start(overrides)) {
            awaitReady(HttpClient.newHttpClient(), context.getBean(EmbeddedServer.class).getPort());
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }

    private static void awaitReady(HttpClient http, int port) throws Exception {
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping")).build();
        while (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            Thread.sleep(5);
        }
    }

    private static void post(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("bench request failed: " + response.statusCode() + " " + response.body());
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
