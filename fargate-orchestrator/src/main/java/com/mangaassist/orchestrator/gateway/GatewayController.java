package com.mangaassist.orchestrator.gateway;

import com.mangaassist.orchestrator.admission.PrincipalLimits;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.origin.OriginGuard;
import com.mangaassist.orchestrator.origin.OriginVerdict;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.WireIds;
import com.mangaassist.shared.wire.gateway.GatewayHeaders;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
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
 *
 * <p>Every route first checks the call's origin proof (ADR 0027): the VPC link is usable by any
 * API of the account, so a principal header alone proves nothing. A call without this platform's
 * stage's proof is answered 403 with a {@code forbidden} error before its body is looked at:
 * nothing is stored, sent or counted against a connection.
 */
@Controller("/gateway")
public class GatewayController {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayController.class);
    private static final ServerFrame FOREIGN_CALL = ReplyFrames.frameRefused(ErrorCode.FORBIDDEN,
            "the call did not come through this platform's API stage");

    private final FrameDispatcher dispatcher;
    private final ExecutorService dispatch;
    private final OriginGuard origin;
    private final OrchestratorMetrics metrics;
    private final PrincipalLimits principals;
    private final ServerFrameCodec codec = ServerFrameCodec.withDefaults();

    public GatewayController(FrameDispatcher dispatcher, @Named("dispatch") ExecutorService dispatch, OriginGuard origin,
                             OrchestratorMetrics metrics, PrincipalLimits principals) {
        this.dispatcher = dispatcher;
        this.principals = principals;
        this.dispatch = dispatch;
        this.origin = origin;
        this.metrics = metrics;
    }

    @Post("/connect")
    @Consumes(MediaType.ALL)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> connect(HttpRequest<?> request) {
        Optional<HttpResponse<?>> foreign = refuseForeign(GatewayRoute.CONNECT, request);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        Decoded<GatewayRequest> parsed = parse(GatewayRoute.CONNECT, request, "");
        if (!parsed.isOk()) {
            return HttpResponse.badRequest(parsed.error().message());
        }
        if (!parsed.value().isAuthenticated()) {
            LOG.info("event=connect_refused connectionId={} requestId={}", parsed.value().connectionId(), parsed.value().requestId());
            return HttpResponse.unauthorized();
        }
        GatewayRequest connecting = parsed.value();
        if (!principals.tryConnect(connecting.principal(), connecting.connectionId())) {
            // Refused before the socket opens: API Gateway answers the handshake with this status, and the client backs off.
            metrics.connectionRefused();
            LOG.info("event=connect_refused reason=principal_connections connectionId={} requestId={}", connecting.connectionId(),
                    connecting.requestId());
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS);
        }
        return HttpResponse.ok();
    }

    @Post("/disconnect")
    @Consumes(MediaType.ALL)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> disconnect(HttpRequest<?> request) {
        Optional<HttpResponse<?>> foreign = refuseForeign(GatewayRoute.DISCONNECT, request);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        Decoded<GatewayRequest> parsed = parse(GatewayRoute.DISCONNECT, request, "");
        if (parsed.isOk()) {
            dispatcher.disconnected(parsed.value());
            if (parsed.value().isAuthenticated()) {
                principals.disconnected(parsed.value().principal(), parsed.value().connectionId());
            }
        }
        return HttpResponse.ok();
    }

    @Post("/default")
    @Consumes(MediaType.ALL)
    public CompletableFuture<HttpResponse<?>> frame(HttpRequest<?> request, @Nullable @Body byte[] body) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                // On the dispatch executor: an unknown proof may re-read the secret, which must not stall the event loop.
                Optional<HttpResponse<?>> foreign = refuseForeign(GatewayRoute.DEFAULT, request);
                if (foreign.isPresent()) {
                    return foreign.get();
                }
                // An empty frame is the client's to hear about as a typed error, like any other frame the codec refuses.
                Decoded<GatewayRequest> parsed = parse(GatewayRoute.DEFAULT, request, body == null ? "" : new String(body, StandardCharsets.UTF_8));
                if (!parsed.isOk()) {
                    return HttpResponse.badRequest(parsed.error().message());
                }
                ServerFrame reply = dispatcher.dispatchForResponse(parsed.value());
                return reply == null ? HttpResponse.ok()
                        : HttpResponse.ok(codec.encodeBytes(reply)).contentType(MediaType.APPLICATION_JSON_TYPE);
            }, dispatch);
        } catch (RejectedExecutionException overloaded) {
            // Far past any routing limit: let API Gateway report the failure (the client resends) rather than queue without bound.
            return CompletableFuture.completedFuture(HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1"));
        }
    }

    /** The 403 a call gets when it did not come through this platform's API stage; empty when it did. */
    private Optional<HttpResponse<?>> refuseForeign(GatewayRoute route, HttpRequest<?> request) {
        OriginVerdict verdict = origin.check(request.getHeaders().get(GatewayHeaders.ORIGIN_PROOF));
        if (verdict == OriginVerdict.PREVIOUS) {
            metrics.originPrevious();
        }
        if (verdict.accepted()) {
            return Optional.empty();
        }
        metrics.originRefused();
        // The ids are the caller's claims, logged only when well-formed: a forger must not write into the log.
        String connectionId = request.getHeaders().get(GatewayHeaders.CONNECTION_ID);
        String requestId = request.getHeaders().get(GatewayHeaders.REQUEST_ID);
        LOG.warn("event=origin_proof_refused route={} proof={} connectionId={} requestId={}", route.name().toLowerCase(Locale.ROOT),
                verdict.name().toLowerCase(Locale.ROOT), WireIds.isValidConnectionId(connectionId) ? connectionId : "-",
                WireIds.isValidConnectionId(requestId) || WireIds.isValidId(requestId) ? requestId : "-");
        return Optional.of(HttpResponse.status(HttpStatus.FORBIDDEN).body(codec.encodeBytes(FOREIGN_CALL))
                .contentType(MediaType.APPLICATION_JSON_TYPE));
    }

    private static Decoded<GatewayRequest> parse(GatewayRoute route, HttpRequest<?> request, String body) {
        return GatewayRequestParser.parse(route, name -> request.getHeaders().get(name), body);
    }
}
