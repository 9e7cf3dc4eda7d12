package com.mangaassist.gateway;

import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.shared.wire.gateway.GatewayHeaders;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP integration as the stack configures it: one POST per route to
 * {@code <backend>/gateway/<connect|disconnect|default>}, with the connection id, request id,
 * authorizer principal, route key and the stage's origin proof (ADR 0027) mapped into headers, the
 * frame as body, and API Gateway's
 * 29-second integration timeout. With several backends it stands in for the VPC link's NLB:
 * each call goes to the next target whose {@code /ready} answered 200 at the last health check
 * (every {@value #HEALTH_CHECK_MILLIS} ms), and a target that refuses a connection is out until
 * it passes a check again. A call that fails on its target is not retried elsewhere, as an NLB
 * does not retry: the client hears about it and sends again. The response body is returned, for
 * the route response the stack configures on {@code $default}.
 */
final class IntegrationClient implements AutoCloseable {

    private static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(29);
    static final long HEALTH_CHECK_MILLIS = 500;

    private final List<URI> backends;
    /** What the stack's stage variable maps into every call; the orchestrator refuses calls without it. */
    private final String originProof;
    private final Set<URI> healthy = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService health = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("nlb-health"));

    IntegrationClient(List<URI> backends, String originProof) {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("at least one backend");
        }
        if (originProof == null || originProof.isBlank()) {
            throw new IllegalArgumentException("an origin proof: the orchestrator refuses calls without one");
        }
        this.backends = List.copyOf(backends);
        this.originProof = originProof;
        healthy.addAll(this.backends);
        // Checked with one target too, so the gateway's /health tells whether anything can answer.
        health.scheduleWithFixedDelay(this::checkHealth, HEALTH_CHECK_MILLIS, HEALTH_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Each target and whether its /ready answered 200 at the last check. */
    Map<URI, Boolean> targets() {
        Map<URI, Boolean> states = new java.util.LinkedHashMap<>();
        backends.forEach(backend -> states.put(backend, healthy.contains(backend)));
        return states;
    }

    /** What the integration answered: its HTTP status (success or not is what counts) and its body. */
    record Response(int status, String body) {
        boolean succeeded() {
            return status / 100 == 2;
        }
    }

    /** The integration's answer; a backend that could not be reached answers 502 with no body. */
    CompletableFuture<Response> call(String routeKey, String connectionId, String principal, String body) {
        String path = switch (routeKey) {
            case "$connect" -> "/gateway/connect";
            case "$disconnect" -> "/gateway/disconnect";
            default -> "/gateway/default";
        };
        URI backend = pick();
        HttpRequest.Builder request = HttpRequest.newBuilder(backend.resolve(path)).timeout(INTEGRATION_TIMEOUT)
                .header(GatewayHeaders.CONNECTION_ID, connectionId).header(GatewayHeaders.REQUEST_ID, UUID.randomUUID().toString())
                .header(GatewayHeaders.ROUTE_KEY, routeKey)
                .header(GatewayHeaders.ORIGIN_PROOF, originProof)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (principal != null) {
            request.header(GatewayHeaders.PRINCIPAL, principal);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Response(response.statusCode(), response.body()))
                .exceptionally(failure -> {
                    if (refused(failure) && backends.size() > 1) {
                        healthy.remove(backend);
                    }
                    return new Response(502, "");
                });
    }

    private URI pick() {
        List<URI> candidates = backends.stream().filter(healthy::contains).toList();
        List<URI> from = candidates.isEmpty() ? backends : candidates;
        return from.get(Math.floorMod(next.getAndIncrement(), from.size()));
    }

    private void checkHealth() {
        for (URI backend : backends) {
            try {
                int status = http.send(HttpRequest.newBuilder(backend.resolve("/ready")).timeout(Duration.ofMillis(400)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    healthy.add(backend);
                } else {
                    healthy.remove(backend);
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                healthy.remove(backend);
            }
        }
    }

    private static boolean refused(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
    }

    @Override
    public void close() {
        health.shutdownNow();
    }
}
