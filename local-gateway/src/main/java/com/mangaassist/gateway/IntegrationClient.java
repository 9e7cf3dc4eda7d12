package com.mangaassist.gateway;

import com.mangaassist.shared.wire.gateway.GatewayHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP integration as the stack configures it: one POST per route to
 * {@code <backend>/gateway/<connect|disconnect|default>}, with the connection id, request id,
 * authorizer principal and route key mapped into headers, the frame as body, and API Gateway's
 * 29-second integration timeout.
 */
final class IntegrationClient {

    private static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(29);

    private final URI backend;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    IntegrationClient(URI backend) {
        this.backend = backend;
    }

    /** The integration's HTTP status (the gateway only looks at success or not). */
    CompletableFuture<Integer> call(String routeKey, String connectionId, String principal, String body) {
        String path = switch (routeKey) {
            case "$connect" -> "/gateway/connect";
            case "$disconnect" -> "/gateway/disconnect";
            default -> "/gateway/default";
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(backend.resolve(path)).timeout(INTEGRATION_TIMEOUT)
                .header(GatewayHeaders.CONNECTION_ID, connectionId).header(GatewayHeaders.REQUEST_ID, UUID.randomUUID().toString())
                .header(GatewayHeaders.ROUTE_KEY, routeKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (principal != null) {
            request.header(GatewayHeaders.PRINCIPAL, principal);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
                .exceptionally(failure -> 502);
    }
}
