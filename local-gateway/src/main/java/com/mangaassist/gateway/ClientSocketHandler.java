package com.mangaassist.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open client socket: every message goes to the route its {@code action} selects (the stack
 * defines only {@code $default} besides connect and disconnect, so that is where they all land),
 * a successful integration's response body goes back to the client as a message (the route
 * response the stack configures on {@code $default}), a failed integration answers the client
 * with API Gateway's "Internal server error" message,
 * idle sockets close with 1001, oversized frames and messages with 1009, and a closed socket
 * makes the {@code $disconnect} call.
 */
final class ClientSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSocketHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Route keys the stack defines besides $connect/$disconnect; anything else is $default. */
    private static final Set<String> ROUTES = Set.of();

    private final GatewayConnection connection;
    private final ConnectionRegistry connections;
    private final IntegrationClient integration;

    ClientSocketHandler(GatewayConnection connection, ConnectionRegistry connections, IntegrationClient integration) {
        this.connection = connection;
        this.connections = connections;
        this.integration = integration;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        connection.lastActiveAt = Instant.now();
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            String body = frame.content().toString(StandardCharsets.UTF_8);
            String routeKey = routeKey(body);
            integration.call(routeKey, connection.id, connection.principal, body).thenAccept(response -> {
                if (!response.succeeded()) {
                    ctx.writeAndFlush(new TextWebSocketFrame("{\"message\": \"Internal server error\", \"connectionId\":\"" + connection.id
                            + "\", \"requestId\":\"" + UUID.randomUUID() + "\"}"));
                } else if (!response.body().isEmpty()) {
                    // The $default route's response (two-way, as the stack configures it): the body goes to the client as a message.
                    ctx.writeAndFlush(new TextWebSocketFrame(response.body()));
                }
            });
        } else if (frame instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), close.reasonText())).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** {@code $request.body.action}, when the body is JSON with such a route; else {@code $default}. */
    static String routeKey(String body) {
        try {
            JsonNode action = JSON.readTree(body).get("action");
            if (action != null && action.isTextual() && ROUTES.contains(action.textValue())) {
                return action.textValue();
            }
        } catch (Exception notJson) {
            // API Gateway routes bodies it cannot evaluate to $default too
        }
        return "$default";
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            LOG.info("event=idle_timeout connectionId={}", connection.id);
            ctx.writeAndFlush(new CloseWebSocketFrame(1001, "Going away")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException) {
            // A frame or message over the limit: API Gateway closes with 1009 (message too big).
            ctx.writeAndFlush(new CloseWebSocketFrame(1009, "Message too big")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        LOG.warn("event=socket_error connectionId={} detail=\"{}\"", connection.id, cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connections.remove(connection.id);
        integration.call("$disconnect", connection.id, connection.principal, "");
        LOG.info("event=disconnected connectionId={}", connection.id);
    }
}
