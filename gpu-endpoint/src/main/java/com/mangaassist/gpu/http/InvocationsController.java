package com.mangaassist.gpu.http;

import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.inference.InferenceFailure;
import com.mangaassist.gpu.inference.InferenceResult;
import com.mangaassist.gpu.inference.InferenceService;
import com.mangaassist.gpu.lifecycle.EndpointLifecycle;
import com.mangaassist.gpu.metrics.EndpointMetrics;
import com.mangaassist.gpu.session.InstanceSessions;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceCodec;
import com.mangaassist.shared.wire.inference.InferenceError;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import com.mangaassist.shared.wire.inference.InferenceResponse;
import com.mangaassist.shared.wire.inference.StatefulSessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * SageMaker's inference route. A request with {@code "stream": true} is answered as JSON lines
 * over a chunked body (what InvokeEndpointWithResponseStream forwards); otherwise as one JSON
 * document. The HTTP status is decided before the first byte: a request that fails before any
 * token gets a real 4xx/5xx with an {@link InferenceError} body, and a stream that fails later
 * ends with an {@code error} chunk.
 *
 * <p>Stateful sessions (SageMaker's contract, {@link StatefulSessions}; ADR 0040): a request with
 * {@code NEW_SESSION} opens one and answers with its id and expiry, one with a session id and the
 * close body closes it, and an inference request naming a session this instance does not hold is
 * refused with {@code session_closed} before anything runs, so the caller opens another.
 */
@Controller
public class InvocationsController {

    public static final String JSON_LINES = "application/jsonlines";
    /**
     * SageMaker passes this container response header through to the caller unchanged: the
     * endpoint's load travels with every answer, so callers see GPU saturation without scraping
     * instances they cannot reach.
     */
    public static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

    private final InferenceService service;
    private final EndpointLifecycle lifecycle;
    private final InferenceEngine engine;
    private final EndpointMetrics metrics;
    private final InstanceSessions sessions;
    private final InferenceCodec codec = InferenceCodec.withDefaults();
    private static final com.fasterxml.jackson.databind.ObjectMapper SESSION_JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    // Generation blocks a thread per request; the engine bounds how many actually run.
    private final ExecutorService generators = Executors.newCachedThreadPool(DaemonThreads.named("generate"));

    public InvocationsController(InferenceService service, EndpointLifecycle lifecycle, InferenceEngine engine, EndpointMetrics metrics,
                                 InstanceSessions sessions) {
        this.service = service;
        this.lifecycle = lifecycle;
        this.engine = engine;
        this.metrics = metrics;
        this.sessions = sessions;
    }

    /** {@code saturation=<running+waiting over max-num-seqs>}, the routing policy's GPU signal. */
    private String loadAttributes() {
        return String.format(java.util.Locale.ROOT, "saturation=%.3f", engine.stats().saturation());
    }

    @PreDestroy
    void close() {
        generators.shutdownNow();
    }

    @Post("/invocations")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.ALL})
    public CompletableFuture<MutableHttpResponse<?>> invoke(@Body byte[] body,
                                                            @Nullable @Header(StatefulSessions.SESSION_HEADER) String session) {
        if (!lifecycle.trafficReady()) {
            metrics.rejectedNotReady();
            return CompletableFuture.completedFuture(error(503, ErrorCode.NOT_READY, "endpoint is not traffic-ready: "
                    + String.join("; ", lifecycle.ping().reasons())));
        }
        if (session != null) {
            MutableHttpResponse<?> sessionAnswer = sessionRequest(session.strip(), body);
            if (sessionAnswer != null) {
                return CompletableFuture.completedFuture(sessionAnswer);
            }
        }
        Decoded<InferenceRequest> decoded = codec.decodeRequest(body);
        if (!decoded.isOk()) {
            return CompletableFuture.completedFuture(error(400, decoded.error().code(), decoded.error().message()));
        }
        InferenceRequest request = decoded.value();
        return request.stream() ? stream(request) : complete(request);
    }

    /**
     * A session request (open or close) answered, or a request naming a session this instance does
     * not hold refused; {@code null} for an inference request in a session held here, which runs.
     */
    private MutableHttpResponse<?> sessionRequest(String session, byte[] body) {
        String requestType = requestType(body);
        if (StatefulSessions.NEW_SESSION.equals(session)) {
            if (!"NEW_SESSION".equals(requestType)) {
                return error(400, ErrorCode.INVALID_FIELD, "a NEW_SESSION request carries " + StatefulSessions.NEW_SESSION_BODY);
            }
            StatefulSessions.Opened opened = sessions.open();
            return HttpResponse.ok("{\"sessionId\":\"" + opened.id() + "\",\"expires\":\"" + opened.expires() + "\"}")
                    .contentType(MediaType.APPLICATION_JSON_TYPE)
                    .header(StatefulSessions.NEW_SESSION_HEADER, StatefulSessions.newSessionHeader(opened.id(), opened.expires()))
                    .header(CUSTOM_ATTRIBUTES, loadAttributes());
        }
        if ("CLOSE".equals(requestType)) {
            if (!sessions.close(session)) {
                return error(400, ErrorCode.SESSION_CLOSED, "no open session " + session + " on this instance");
            }
            return HttpResponse.ok("{}").contentType(MediaType.APPLICATION_JSON_TYPE)
                    .header(StatefulSessions.CLOSED_SESSION_HEADER, session);
        }
        if (!sessions.holds(session)) {
            return error(400, ErrorCode.SESSION_CLOSED, "no open session " + session + " on this instance: open another");
        }
        return null;
    }

    /** {@code requestType} of a session request's body, or {@code null} for anything else (an inference request). */
    private static String requestType(byte[] body) {
        if (body == null || body.length == 0 || body.length > 256) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = SESSION_JSON.readTree(body);
            return node != null && node.path("requestType").isTextual() ? node.path("requestType").textValue() : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    private CompletableFuture<MutableHttpResponse<?>> complete(InferenceRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            StringBuilder text = new StringBuilder();
            try {
                InferenceResult result = service.infer(request, token -> {
                    text.append(token);
                    return true;
                });
                InferenceResponse response = new InferenceResponse(request.requestId(), text.toString(), result.finishReason(),
                        result.usage(), result.wasTruncated(), result.turnsDropped(), result.degraded());
                return HttpResponse.ok(codec.encode(response)).contentType(MediaType.APPLICATION_JSON_TYPE)
                        .header(CUSTOM_ATTRIBUTES, loadAttributes());
            } catch (InferenceFailure failure) {
                return error(failure.httpStatus(), failure.code(), failure.getMessage());
            }
        }, generators);
    }

    private CompletableFuture<MutableHttpResponse<?>> stream(InferenceRequest request) {
        Sinks.Many<byte[]> lines = Sinks.many().unicast().onBackpressureBuffer();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicLong index = new AtomicLong();
        CompletableFuture<MutableHttpResponse<?>> head = new CompletableFuture<>();
        Flux<byte[]> body = lines.asFlux().doOnCancel(() -> cancelled.set(true));
        MutableHttpResponse<?> ok = HttpResponse.ok(body).contentType(JSON_LINES);

        generators.execute(() -> {
            try {
                InferenceResult result = service.infer(request, token -> {
                    emit(lines, new InferenceChunk.TokenChunk(index.getAndIncrement(), token));
                    if (!head.isDone()) {
                        // Read the load once this request runs, so the caller sees it included.
                        head.complete(ok.header(CUSTOM_ATTRIBUTES, loadAttributes()));
                    }
                    return !cancelled.get();
                });
                emit(lines, new InferenceChunk.EndChunk(result.finishReason(), result.usage(), result.wasTruncated(),
                        result.turnsDropped(), result.degraded()));
                if (!head.isDone()) {
                    head.complete(ok.header(CUSTOM_ATTRIBUTES, loadAttributes()));
                }
                lines.tryEmitComplete();
            } catch (InferenceFailure failure) {
                if (!head.complete(error(failure.httpStatus(), failure.code(), failure.getMessage()))) {
                    emit(lines, new InferenceChunk.ErrorChunk(failure.code(), failure.getMessage(), failure.afterTokens()));
                }
                lines.tryEmitComplete();
            } catch (RuntimeException unexpected) {
                if (!head.complete(error(500, ErrorCode.INTERNAL, "internal error"))) {
                    emit(lines, new InferenceChunk.ErrorChunk(ErrorCode.INTERNAL, "internal error", true));
                }
                lines.tryEmitComplete();
            }
        });
        return head;
    }

    private void emit(Sinks.Many<byte[]> lines, InferenceChunk chunk) {
        lines.tryEmitNext((codec.encode(chunk) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private MutableHttpResponse<?> error(int status, ErrorCode code, String message) {
        return HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(status))
                .body(codec.encode(new InferenceError(code, message)))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(CUSTOM_ATTRIBUTES, loadAttributes());
    }
}
