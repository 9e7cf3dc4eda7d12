package com.mangaassist.gpu.runtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Endpoint name → local instances, with SageMaker's two routing rules that matter here: only
 * instances whose {@code /ping} answers 200 receive traffic (so no request meets a cold or
 * unhealthy instance), and among those the one with the fewest outstanding requests wins
 * (least-outstanding-requests routing).
 *
 * <p>Configured as {@code name=url[,url...][;name=url...]}, e.g.
 * {@code mangaassist-small=http://127.0.0.1:8081,http://127.0.0.1:8082}.
 */
final class RuntimeRoutes implements AutoCloseable {

    private final Map<String, List<RuntimeInstance>> routes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "runtime-ping-poller");
        thread.setDaemon(true);
        return thread;
    });

    RuntimeRoutes(String spec, Duration pingInterval) {
        this.routes = parse(spec);
        poller.scheduleWithFixedDelay(this::pollAll, 0, pingInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Map<String, List<RuntimeInstance>> parse(String spec) {
        Map<String, List<RuntimeInstance>> parsed = new LinkedHashMap<>();
        for (String route : spec.split(";")) {
            if (route.isBlank()) {
                continue;
            }
            int eq = route.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("route '" + route + "' is not name=url[,url...]");
            }
            List<RuntimeInstance> instances = new ArrayList<>();
            for (String url : route.substring(eq + 1).split(",")) {
                if (!url.isBlank()) {
                    instances.add(new RuntimeInstance(URI.create(url.strip())));
                }
            }
            parsed.put(route.substring(0, eq).strip(), List.copyOf(instances));
        }
        return Map.copyOf(parsed);
    }

    boolean knows(String endpoint) {
        return routes.containsKey(endpoint);
    }

    /** How many of the endpoint's instances currently take traffic, and how many it has; empty when unknown. */
    Optional<int[]> readiness(String endpoint) {
        List<RuntimeInstance> instances = routes.get(endpoint);
        if (instances == null) {
            return Optional.empty();
        }
        int ready = (int) instances.stream().filter(RuntimeInstance::ready).count();
        return Optional.of(new int[] {ready, instances.size()});
    }

    /** The ready instance with the fewest outstanding requests, already counted as busy. */
    synchronized Optional<RuntimeInstance> acquire(String endpoint) {
        RuntimeInstance best = null;
        for (RuntimeInstance instance : routes.getOrDefault(endpoint, List.of())) {
            if (instance.ready() && (best == null || instance.outstanding() < best.outstanding())) {
                best = instance;
            }
        }
        if (best != null) {
            best.begin();
        }
        return Optional.ofNullable(best);
    }

    HttpClient http() {
        return http;
    }

    void pollAll() {
        for (List<RuntimeInstance> instances : routes.values()) {
            for (RuntimeInstance instance : instances) {
                try {
                    HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(instance.base().resolve("/ping"))
                            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                    instance.ready(ping.statusCode() == 200);
                } catch (java.io.IOException e) {
                    instance.ready(false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
