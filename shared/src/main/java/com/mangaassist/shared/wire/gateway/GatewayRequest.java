package com.mangaassist.shared.wire.gateway;

import java.util.Objects;

/**
 * One integration call from API Gateway: which route, which connection, who is calling, and the
 * raw frame (for {@code $default}; empty for connect and disconnect). The body stays raw here so
 * the client-frame codec sees exactly what the client sent.
 *
 * @param principal the authorizer's principal id, or {@code null} when the gateway sent none
 */
public record GatewayRequest(GatewayRoute route, String connectionId, String requestId, String principal, String body) {

    public GatewayRequest {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(requestId, "requestId");
        body = body == null ? "" : body;
    }

    public boolean isAuthenticated() {
        return principal != null;
    }
}
