package com.mangaassist.localaws.sagemaker;

import com.mangaassist.shared.runtime.DaemonThreads;
import java.io.IOException;
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
 */
final class RuntimeRoutes implements AutoCloseable {

    private final Map<String, List<RuntimeInstance>> routes;
    /** Stateful sessions: id → where SageMaker sends every request that names it. */
    private final Map<String, SessionRoute> sessions = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("runtime-ping-poller"));

    RuntimeRoutes(Map<String, List<URI>> endpoints, Duration pingInterval) {
        Map<String, List<RuntimeInstance>> parsed = new LinkedHashMap<>();
        endpoints.forEach((name, urls) -> {
            List<RuntimeInstance> instances = new ArrayList<>();
            urls.forEach(url -> instances.add(new RuntimeInstance(url)));
            parsed.put(name, List.copyOf(instances));
        });
        this.routes = Map.copyOf(parsed);
        poller.scheduleWithFixedDelay(this::pollAll, 0, pingInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean knows(String endpoint) {
        return routes.containsKey(endpoint);
    }

    /** How many of the endpoint's instances currently take traffic, and how many it has; empty when unknown. */
    Optional<EndpointReadiness> readiness(String endpoint) {
        List<RuntimeInstance> instances = routes.get(endpoint);
        if (instances == null) {
            return Optional.empty();
        }
        int ready = (int) instances.stream().filter(RuntimeInstance::ready).count();
        return Optional.of(new EndpointReadiness(ready, instances.size()));
    }

    /**
     * The ready instance with the fewest outstanding requests, already counted as busy; among equals,
     * one at random (always the first would send every request of a quiet endpoint to one instance,
     * which no SageMaker fleet does, and would flatter any comparison of where turns land).
     */
    synchronized Optional<RuntimeInstance> acquire(String endpoint) {
        RuntimeInstance best = null;
        int ties = 0;
        for (RuntimeInstance instance : routes.getOrDefault(endpoint, List.of())) {
            if (!instance.ready()) {
                continue;
            }
            if (best == null || instance.outstanding() < best.outstanding()) {
                best = instance;
                ties = 1;
            } else if (instance.outstanding() == best.outstanding()
                    && java.util.concurrent.ThreadLocalRandom.current().nextInt(++ties) == 0) {
                best = instance;
            }
        }
        if (best != null) {
            best.begin();
        }
        return Optional.ofNullable(best);
    }

    /**
     * The instance that holds {@code session} for {@code endpoint}, already counted as busy; empty
     * when no such session is open (never opened, closed, expired), or its instance no longer takes
     * traffic: SageMaker sends a session's requests to its instance or nowhere.
     */
    synchronized Optional<RuntimeInstance> acquireSession(String endpoint, String session, java.time.Instant now) {
        SessionRoute route = sessions.get(session);
        if (route == null || !route.endpoint().equals(endpoint)) {
            return Optional.empty();
        }
        if (!now.isBefore(route.expires()) || !route.instance().ready()) {
            sessions.remove(session);
            return Optional.empty();
        }
        route.instance().begin();
        return Optional.of(route.instance());
    }

    /** The container opened {@code session} on {@code instance}: from now on its requests go there. */
    void bindSession(String endpoint, String session, java.time.Instant expires, RuntimeInstance instance) {
        java.time.Instant now = java.time.Instant.now();
        // Sessions nobody names again would otherwise stay for ever.
        sessions.values().removeIf(route -> !now.isBefore(route.expires()));
        sessions.put(session, new SessionRoute(endpoint, instance, expires));
    }

    void closeSession(String session) {
        sessions.remove(session);
    }

    /** Open sessions the runtime routes (expired ones are dropped when next named). */
    int sessions() {
        return sessions.size();
    }

    private record SessionRoute(String endpoint, RuntimeInstance instance, java.time.Instant expires) {
    }

    HttpClient http() {
        return http;
    }

    private void pollAll() {
        for (List<RuntimeInstance> instances : routes.values()) {
            for (RuntimeInstance instance : instances) {
                try {
                    HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(instance.base().resolve("/ping"))
                            .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                    instance.ready(ping.statusCode() == 200);
                } catch (IOException e) {
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

    /** DescribeEndpoint's instance counts, as far as the local runtime knows them. */
    record EndpointReadiness(int ready, int total) {
    }
}
