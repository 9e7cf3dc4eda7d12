package com.mangaassist.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every plain HTTP request: the management API under {@code /local/@connections/}, the WebSocket
 * upgrade at {@code /ws} (authorize the token as {@link GatewayAuth} says, make the {@code $connect} call, and only on its
 * success finish the handshake, as API Gateway does), and the chat page.
 */
final class HttpFrontHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontHandler.class);
    static final String STAGE = "/local";
    private static final String CONNECTIONS = STAGE + "/@connections/";
    /** The page's files: any script, style sheet or page in its resource folder, by a plain name (no path, no dots besides the type). */
    private static final Pattern PAGE_FILE = Pattern.compile("/([a-z0-9][a-z0-9-]*\\.(?:html|js|css))");

    private final ConnectionRegistry connections;
    private final IntegrationClient integration;
    private final ManagementApiHandler management;
    private final GatewayLimits limits;

    private final Supplier<String> pageConfig;
    private final GatewayAuth auth;
    private final GatewayHealth health;

    /**
     * @param pageConfig what the chat page reads from {@code /config.json} (where to connect, how to get a token, the stack's client timings)
     * @param auth       who a connect's token makes the principal
     */
    HttpFrontHandler(ConnectionRegistry connections, IntegrationClient integration, ManagementApiHandler management, GatewayLimits limits,
                     Supplier<String> pageConfig, GatewayAuth auth, GatewayHealth health) {
        this.pageConfig = pageConfig;
        this.auth = auth;
        this.health = health;
        this.connections = connections;
        this.integration = integration;
        this.management = management;
        this.limits = limits;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        if (path.startsWith(CONNECTIONS)) {
            management.handle(ctx, request, path.substring(CONNECTIONS.length()));
        } else if (path.equals("/ws") && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            upgrade(ctx, request, uri);
        } else if (path.equals("/health")) {
            ManagementApiHandler.respond(ctx, request, health.up() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, null,
                    health.json(connections.size()));
        } else if (path.equals("/config.json")) {
            send(ctx, pageConfig.get().getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
        } else if (path.equals("/")) {
            page(ctx, request, "index.html");
        } else if (PAGE_FILE.matcher(path).matches()) {
            page(ctx, request, path.substring(1));
        } else {
            ManagementApiHandler.respond(ctx, request, HttpResponseStatus.NOT_FOUND, null, "{\"message\":\"Not Found\"}");
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        List<String> tokens = uri.parameters().getOrDefault("token", List.of());
        Optional<String> principal = tokens.size() == 1 ? auth.principal(tokens.get(0)) : Optional.empty();
        if (principal.isEmpty()) {
            ManagementApiHandler.respond(ctx, request, HttpResponseStatus.UNAUTHORIZED, null, "{\"message\":\"Unauthorized\"}");
            return;
        }
        String id = connections.newId();
        FullHttpRequest retained = request.retainedDuplicate();
        integration.call("$connect", id, principal.get(), "").whenComplete((response, failure) -> ctx.executor().execute(() -> {
            try {
                if (failure != null || !response.succeeded()) {
                    LOG.info("event=connect_refused status={}", response == null ? null : response.status());
                    ManagementApiHandler.respond(ctx, retained, HttpResponseStatus.FORBIDDEN, null, "{\"message\":\"Forbidden\"}");
                    return;
                }
                handshake(ctx, retained, id, principal.get());
            } finally {
                retained.release();
            }
        }));
    }

    private void handshake(ChannelHandlerContext ctx, FullHttpRequest request, String id, String principal) {
        String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "127.0.0.1") + "/ws";
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location, null, true, limits.maxFrameBytes())
                .newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        String sourceIp = ctx.channel().remoteAddress() instanceof InetSocketAddress address ? address.getAddress().getHostAddress() : "";
        GatewayConnection connection = new GatewayConnection(id, principal, ctx.channel(), Instant.now(), sourceIp,
                request.headers().get(HttpHeaderNames.USER_AGENT, ""));
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (!done.isSuccess()) {
                ctx.close();
                return;
            }
            connections.add(connection);
            ctx.pipeline().addLast(new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                    new WebSocketFrameAggregator(limits.maxMessageBytes()),
                    new ClientSocketHandler(connection, connections, integration));
            ctx.pipeline().remove(this);
            ctx.executor().schedule(() -> {
                if (ctx.channel().isActive()) {
                    ctx.writeAndFlush(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame(1001, "Going away"))
                            .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                }
            }, limits.maxConnectionDuration().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("event=connected connectionId={} principal={}", id, principal);
        });
    }

    private static void page(ChannelHandlerContext ctx, FullHttpRequest request, String file) {
        try (InputStream in = HttpFrontHandler.class.getResourceAsStream("page/" + file)) {
            if (in == null) {
                ManagementApiHandler.respond(ctx, request, HttpResponseStatus.NOT_FOUND, null, "{\"message\":\"Not Found\"}");
                return;
            }
            String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html";
            send(ctx, in.readAllBytes(), type + "; charset=utf-8");
        } catch (IOException e) {
            ManagementApiHandler.respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, null, "{\"message\":\"page unreadable\"}");
        }
    }

    private static void send(ChannelHandlerContext ctx, byte[] bytes, String type) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setContentLength(response, bytes.length);
        ctx.writeAndFlush(response);
    }
}
