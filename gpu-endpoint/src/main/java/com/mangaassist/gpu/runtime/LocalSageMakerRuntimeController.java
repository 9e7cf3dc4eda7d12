package com.mangaassist.gpu.runtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import jakarta.annotation.PreDestroy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * The SageMaker runtime API, locally: {@code InvokeEndpoint} and
 * {@code InvokeEndpointWithResponseStream} on the paths and with the framing the AWS SDK v2
 * expects, so {@code SageMakerRuntimeClient}/{@code SageMakerRuntimeAsyncClient} with an
 * endpoint override work unchanged. Requests go to ready instances only (see
 * {@link RuntimeRoutes}); a container error becomes SageMaker's {@code ModelError} (424) with
 * the original status and body. Enabled by {@code sagemaker-runtime.routes}; never deployed.
 */
@Controller
@Requires(property = "sagemaker-runtime.routes")
public class LocalSageMakerRuntimeController {

    static final String VARIANT = "AllTraffic";
    private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
    private static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

    private final RuntimeRoutes routes;

    public LocalSageMakerRuntimeController(@Value("${sagemaker-runtime.routes}") String routes,
                                           @Value("${sagemaker-runtime.ping-interval:500ms}") Duration pingInterval) {
        this.routes = new RuntimeRoutes(routes, pingInterval);
    }

    @PreDestroy
    void close() {
        routes.close();
    }

    /**
     * A local stand-in for DescribeEndpoint's status: {@code InService} once at least one instance
     * takes traffic, else {@code Creating}. Launchers and tests wait on this rather than on an
     * instance's own /ping, because routing follows the runtime's poll, not the instance.
     */
    @Get("/endpoints/{name}")
    public MutableHttpResponse<?> describeEndpoint(@PathVariable String name) {
        return routes.readiness(name)
                .<MutableHttpResponse<?>>map(counts -> HttpResponse.ok("{\"EndpointName\":" + EventStreamFrames.jsonString(name)
                        + ",\"EndpointStatus\":\"" + (counts[0] > 0 ? "InService" : "Creating") + "\",\"ReadyInstanceCount\":"
                        + counts[0] + ",\"InstanceCount\":" + counts[1] + "}").contentType(MediaType.APPLICATION_JSON))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "ValidationError", "Endpoint " + name + " not found."));
    }

    @Post("/endpoints/{name}/invocations")
    @Consumes(MediaType.ALL)
    public CompletableFuture<MutableHttpResponse<?>> invokeEndpoint(@PathVariable String name, @Body byte[] body,
                                                                    @Header(value = HttpHeaders.CONTENT_TYPE, defaultValue = "application/json") String contentType) {
        return routed(name, instance -> routes.http().sendAsync(forward(instance, body, contentType), BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    instance.end();
                    if (failure != null) {
                        return modelError(502, "instance unreachable: " + failure.getMessage());
                    }
                    if (response.statusCode() / 100 != 2) {
                        return modelError(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
                    }
                    String type = response.headers().firstValue("content-type").orElse(MediaType.APPLICATION_JSON);
                    return withCustomAttributes(response, HttpResponse.ok(response.body()).contentType(type)
                            .header("x-Amzn-Invoked-Production-Variant", VARIANT));
                }));
    }

    @Post("/endpoints/{name}/invocations-response-stream")
    @Consumes(MediaType.ALL)
    public CompletableFuture<MutableHttpResponse<?>> invokeEndpointWithResponseStream(@PathVariable String name, @Body byte[] body,
                                                                                     @Header(value = HttpHeaders.CONTENT_TYPE, defaultValue = "application/json") String contentType) {
        return routed(name, instance -> stream(instance, body, contentType));
    }

    private CompletableFuture<MutableHttpResponse<?>> stream(RuntimeInstance instance, byte[] body, String contentType) {
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                instance.end();
            }
        };
        return routes.http().sendAsync(forward(instance, body, contentType), BodyHandlers.ofPublisher())
                .handle((response, failure) -> {
                    if (failure != null) {
                        end.run();
                        return modelError(502, "instance unreachable: " + failure.getMessage());
                    }
                    if (response.statusCode() / 100 != 2) {
                        String error = drain(response.body());
                        end.run();
                        return modelError(response.statusCode(), error);
                    }
                    Flux<byte[]> events = JdkFlowAdapter.flowPublisherToFlux(response.body())
                            .map(buffers -> EventStreamFrames.payloadPart(concat(buffers)))
                            .onErrorResume(e -> Flux.just(EventStreamFrames.modelStreamError(
                                    "model stream broke: " + e.getMessage(), "ModelStreamError")))
                            .doFinally(signal -> end.run());
                    return withCustomAttributes(response, HttpResponse.ok(events).contentType(EVENT_STREAM)
                            .header("x-Amzn-Invoked-Production-Variant", VARIANT));
                });
    }

    /** Unknown endpoint → ValidationError; no ready instance → ServiceUnavailable; else forward to the chosen instance. */
    private CompletableFuture<MutableHttpResponse<?>> routed(String name,
                                                            Function<RuntimeInstance, CompletableFuture<MutableHttpResponse<?>>> forward) {
        if (!routes.knows(name)) {
            return CompletableFuture.completedFuture(error(HttpStatus.BAD_REQUEST, "ValidationError", "Endpoint " + name + " not found."));
        }
        Optional<RuntimeInstance> instance = routes.acquire(name);
        if (instance.isEmpty()) {
            return CompletableFuture.completedFuture(error(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable",
                    "No instance of endpoint " + name + " is ready for traffic."));
        }
        return forward.apply(instance.get());
    }

    private static HttpRequest forward(RuntimeInstance instance, byte[] body, String contentType) {
        return HttpRequest.newBuilder(instance.base().resolve("/invocations"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** SageMaker passes the container's custom attributes through to the caller. */
    private static MutableHttpResponse<?> withCustomAttributes(java.net.http.HttpResponse<?> from, MutableHttpResponse<?> to) {
        from.headers().firstValue(CUSTOM_ATTRIBUTES).ifPresent(value -> to.header(CUSTOM_ATTRIBUTES, value));
        return to;
    }

    /** SageMaker's answer when the container itself failed: 424 ModelError carrying the original response. */
    private static MutableHttpResponse<?> modelError(int originalStatus, String originalMessage) {
        String body = "{\"message\":" + EventStreamFrames.jsonString("Received server error (" + originalStatus + ") from primary with message \""
                + originalMessage + "\".") + ",\"OriginalStatusCode\":" + originalStatus + ",\"OriginalMessage\":"
                + EventStreamFrames.jsonString(originalMessage) + "}";
        return HttpResponse.status(HttpStatus.valueOf(424)).body(body).contentType(MediaType.APPLICATION_JSON)
                .header("x-amzn-ErrorType", "ModelError");
    }

    private static MutableHttpResponse<?> error(HttpStatus status, String type, String message) {
        return HttpResponse.status(status).body("{\"message\":" + EventStreamFrames.jsonString(message) + "}")
                .contentType(MediaType.APPLICATION_JSON).header("x-amzn-ErrorType", type);
    }

    private static byte[] concat(List<ByteBuffer> buffers) {
        int size = 0;
        for (ByteBuffer buffer : buffers) {
            size += buffer.remaining();
        }
        byte[] bytes = new byte[size];
        int offset = 0;
        for (ByteBuffer buffer : buffers) {
            int length = buffer.remaining();
            buffer.get(bytes, offset, length);
            offset += length;
        }
        return bytes;
    }

    private static String drain(java.util.concurrent.Flow.Publisher<List<ByteBuffer>> body) {
        try {
            return JdkFlowAdapter.flowPublisherToFlux(body).map(LocalSageMakerRuntimeController::concat)
                    .reduce(new java.io.ByteArrayOutputStream(), (out, bytes) -> {
                        out.writeBytes(bytes);
                        return out;
                    }).map(out -> out.toString(StandardCharsets.UTF_8)).blockOptional(Duration.ofSeconds(5)).orElse("");
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

}
