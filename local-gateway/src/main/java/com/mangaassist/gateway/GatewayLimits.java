package com.mangaassist.gateway;

import java.time.Duration;

/**
 * API Gateway's WebSocket limits: 32 KB per frame (larger closes the socket with 1009), 128 KB per
 * message, 10 minutes idle, 2 hours per connection. Tests shorten them.
 */
public record GatewayLimits(int maxFrameBytes, int maxMessageBytes, Duration idleTimeout, Duration maxConnectionDuration) {

    public static GatewayLimits apiGateway() {
        return new GatewayLimits(32 * 1024, 128 * 1024, Duration.ofMinutes(10), Duration.ofHours(2));
    }

    public GatewayLimits withIdleTimeout(Duration value) {
        return new GatewayLimits(maxFrameBytes, maxMessageBytes, value, maxConnectionDuration);
    }

    public GatewayLimits withMaxConnectionDuration(Duration value) {
        return new GatewayLimits(maxFrameBytes, maxMessageBytes, idleTimeout, value);
    }
}
