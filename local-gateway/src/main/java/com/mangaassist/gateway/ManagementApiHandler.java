package com.mangaassist.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * API Gateway's {@code @connections} management API: {@code POST} sends the body to the socket as
 * one frame (answered only once the frame is written, so posts from one caller arrive in order),
 * {@code GET} describes the connection, {@code DELETE} closes it. An unknown or closed connection
 * is 410 GoneException; a body over the message limit is 413 PayloadTooLargeException. Error
 * bodies and {@code x-amzn-ErrorType} are what the AWS SDK maps to its exceptions.
 */
final class ManagementApiHandler {

    private final ConnectionRegistry connections;
    private final GatewayLimits limits;

    ManagementApiHandler(ConnectionRegistry connections, GatewayLimits limits) {
        this.connections = connections;
        this.limits = limits;
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest request, String encodedId) {
        String id = URLDecoder.decode(encodedId, StandardCharsets.UTF_8);
        Optional<GatewayConnection> found = connections.find(id);
        if (found.isEmpty() || !found.get().channel.isActive()) {
            respond(ctx, request, HttpResponseStatus.GONE, "GoneException", "{\"message\":null}");
            return;
        }
        GatewayConnection connection = found.get();
        HttpMethod method = request.method();
        if (HttpMethod.POST.equals(method)) {
            if (request.content().readableBytes() > limits.maxMessageBytes()) {
                respond(ctx, request, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "PayloadTooLargeException",
                        "{\"message\":\"Message too long. Max size: " + limits.maxMessageBytes() + " bytes\"}");
                return;
            }
            String body = request.content().toString(StandardCharsets.UTF_8);
            connection.channel.writeAndFlush(new TextWebSocketFrame(body)).addListener(write -> {
                if (write.isSuccess()) {
                    respond(ctx, request, HttpResponseStatus.OK, null, "");
                } else {
                    respond(ctx, request, HttpResponseStatus.GONE, "GoneException", "{\"message\":null}");
                }
            });
        } else if (HttpMethod.GET.equals(method)) {
            respond(ctx, request, HttpResponseStatus.OK, null, "{\"connectedAt\":\"" + connection.connectedAt + "\",\"identity\":{\"sourceIp\":\""
                    + connection.sourceIp + "\",\"userAgent\":\"" + connection.userAgent.replace("\"", "'") + "\"},\"lastActiveAt\":\""
                    + connection.lastActiveAt + "\"}");
        } else if (HttpMethod.DELETE.equals(method)) {
            connection.channel.writeAndFlush(new CloseWebSocketFrame(1000, "closed by the server")).addListener(ChannelFutureListener.CLOSE);
            respond(ctx, request, HttpResponseStatus.NO_CONTENT, null, null);
        } else {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "MethodNotAllowed", "{\"message\":\"method not allowed\"}");
        }
    }

    static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String errorType, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        if (body != null && !body.isEmpty()) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        }
        if (errorType != null) {
            response.headers().set("x-amzn-ErrorType", errorType);
        }
        HttpUtil.setContentLength(response, bytes.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var write = ctx.writeAndFlush(response);
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
