package com.mangaassist.orchestrator.gateway;

import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import com.mangaassist.shared.wire.gateway.GatewayRequestParser;
import com.mangaassist.shared.wire.gateway.GatewayRoute;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway's integration calls, one path per WebSocket route. A {@code $default} frame is
 * answered 200 only once it was handled — for a message, once its question is stored (ADR 0019):
 * a task that dies first fails the call, API Gateway tells the client, and the client sends the
 * message again; nothing acknowledged lives only in this task's memory. The response body is the
 * frame's immediate reply (the ack, a refusal, a pong, {@code resumed}), which API Gateway hands to
 * the client through the route's response (ADR 0024): no {@code @connections} call for it. The work
 * runs on the bounded dispatch executor (never on the event loop); past its bound the call fails
 * at once with 503 rather than queueing. {@code $connect} without an authorizer principal is
 * refused, which makes API Gateway refuse the connection.
 */
@Controller("/gateway")
public class GatewayController {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayController.class);

    private final FrameDispatcher dispatcher;
    private final ExecutorService dispatch;
    private final ServerFrameCodec codec = ServerFrameCodec.withDefaults();

    public GatewayController(FrameDispatcher dispatcher, @Named("dispatch") ExecutorService dispatch) {
        this.dispatcher = dispatcher;
        this.dispatch = dispatch;
    }

    @Post("/connect")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> connect(HttpRequest<?> request) {
        Decoded<GatewayRequest> parsed = parse(GatewayRoute.CONNECT, request, "");
        if (!parsed.isOk()) {
            return HttpResponse.badRequest(parsed.error().message());
        }
        if (!parsed.value().isAuthenticated()) {
            LOG.info("event=connect_refused connectionId={} requestId={}", parsed.value().connectionId(), parsed.value().requestId());
            return HttpResponse.unauthorized();
        }
        return HttpResponse.ok();
    }

    @Post("/disconnect")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> disconnect(HttpRequest<?> request) {
        Decoded<GatewayRequest> parsed = parse(GatewayRoute.DISCONNECT, request, "");
        if (parsed.isOk()) {
            dispatcher.disconnected(parsed.value());
        }
        return HttpResponse.ok();
    }

    @Post("/default")
    @Consumes(MediaType.ALL)
    public CompletableFuture<HttpResponse<?>> frame(HttpRequest<?> request, @Nullable @Body byte[] body) {
        // An empty frame is the client's to hear about as a typed error, like any other frame the codec refuses.
        Decoded<GatewayRequest> parsed = parse(GatewayRoute.DEFAULT, request, body == null ? "" : new String(body, StandardCharsets.UTF_8));
        if (!parsed.isOk()) {
            return CompletableFuture.completedFuture(HttpResponse.badRequest(parsed.error().message()));
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                ServerFrame reply = dispatcher.dispatchForResponse(parsed.value());
                return reply == null ? HttpResponse.ok()
                        : HttpResponse.ok(codec.encodeBytes(reply)).contentType(MediaType.APPLICATION_JSON_TYPE);
            }, dispatch);
        } catch (RejectedExecutionException overloaded) {
            // Far past any routing limit: let API Gateway report the failure (the client resends) rather than queue without bound.
            return CompletableFuture.completedFuture(HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1"));
        }
    }

    private static Decoded<GatewayRequest> parse(GatewayRoute route, HttpRequest<?> request, String body) {
        return GatewayRequestParser.parse(route, name -> request.getHeaders().get(name), body);
    }
}
