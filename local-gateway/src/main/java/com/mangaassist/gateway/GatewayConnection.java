package com.mangaassist.gateway;

import io.netty.channel.Channel;
import java.time.Instant;

/** One client socket as API Gateway tracks it. */
final class GatewayConnection {

    final String id;
    final String principal;
    final Channel channel;
    final Instant connectedAt;
    final String sourceIp;
    final String userAgent;
    volatile Instant lastActiveAt;
    volatile boolean closed;

    GatewayConnection(String id, String principal, Channel channel, Instant connectedAt, String sourceIp, String userAgent) {
        this.id = id;
        this.principal = principal;
        this.channel = channel;
        this.connectedAt = connectedAt;
        this.lastActiveAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
    }
}
