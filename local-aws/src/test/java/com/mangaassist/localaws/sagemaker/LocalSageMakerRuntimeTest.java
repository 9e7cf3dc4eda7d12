package com.mangaassist.localaws.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.LocalAwsClients;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.PayloadPart;

/**
 * The AWS SDK v2 SageMaker runtime clients, unchanged but for an endpoint override, against the
 * local runtime in front of two stand-in containers: a warm one and a cold one whose {@code /ping}
 * never answers 200. {@code mangaassist-small} routes over both (every request must land on the
 * warm one); {@code cold-only} has no ready instance at all.
 */
class LocalSageMakerRuntimeTest {

    private static FakeContainer warm;
    private static FakeContainer cold;
    private static LocalSageMakerRuntime runtime;
    private static SageMakerRuntimeClient sync;
    private static SageMakerRuntimeAsyncClient async;

    @BeforeAll
    static void start() throws IOException {
        warm = new FakeContainer(true);
        cold = new FakeContainer(false);
        runtime = LocalSageMakerRuntime.start(0, Map.of("mangaassist-small", List.of(cold.base(), warm.base()),
                "cold-only", List.of(cold.base())), Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.readyInstances("mangaassist-small") == 1);
        sync = LocalAwsClients.local(SageMakerRuntimeClient.builder(), runtime.endpoint()).build();
        async = LocalAwsClients.local(SageMakerRuntimeAsyncClient.builder(), runtime.endpoint()).build();
    }

    @AfterAll
    static void stop() {
        sync.close();
        async.close();
        runtime.close();
        warm.close();
        cold.close();
    }

    @Test
    void describeEndpoint_whenOneOfTwoInstancesIsWarm_reportsInServiceWithOneReady() throws Exception {
        assertThat(get("/endpoints/mangaassist-small").body())
                .isEqualTo("{\"EndpointName\":\"mangaassist-small\",\"EndpointStatus\":\"InService\",\"ReadyInstanceCount\":1,\"InstanceCount\":2}");
        assertThat(get("/endpoints/cold-only").body()).contains("\"EndpointStatus\":\"Creating\"", "\"ReadyInstanceCount\":0");
        assertThat(get("/endpoints/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void invokeEndpoint_withTheSdkClient_returnsTheContainersAnswerAndItsCustomAttributes() {
        InvokeEndpointResponse response = sync.invokeEndpoint(r -> r.endpointName("mangaassist-small").contentType("application/json")
                .body(SdkBytes.fromUtf8String("{\"query\":\"hello\"}")));

        assertThat(response.body().asUtf8String()).isEqualTo("{\"text\":\"answer to {\\\"query\\\":\\\"hello\\\"}\"}");
        assertThat(response.invokedProductionVariant()).isEqualTo("AllTraffic");
        assertThat(response.customAttributes()).isEqualTo("saturation=0.25");
    }

    @Test
    void invokeEndpointWithResponseStream_withTheSdkAsyncClient_deliversEveryLineInOrder() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InvokeEndpointWithResponseStreamResponseHandler handler = InvokeEndpointWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
                        .onPayloadPart((PayloadPart part) -> received.writeBytes(part.bytes().asByteArray())).build())
                .build();

        async.invokeEndpointWithResponseStream(r -> r.endpointName("mangaassist-small").contentType("application/json")
                .body(SdkBytes.fromUtf8String("{\"stream\":true}")), handler).get(20, TimeUnit.SECONDS);

        assertThat(received.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly("{\"token\":0}", "{\"token\":1}", "{\"token\":2}", "{\"end\":true}");
    }

    @Test
    void containerError_reachesTheSdkAsModelErrorWithTheOriginalStatus() {
        assertThatThrownBy(() -> sync.invokeEndpoint(r -> r.endpointName("mangaassist-small").contentType("application/json")
                .body(SdkBytes.fromUtf8String("{\"fail\":400}"))))
                .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(424);
                    assertThat(e.originalStatusCode()).isEqualTo(400);
                    assertThat(e.originalMessage()).isEqualTo("{\"code\":\"invalid_field\"}");
                });
    }

    @Test
    void noRequest_reachesTheInstanceThatNeverBecameReady() {
        for (int i = 0; i < 5; i++) {
            sync.invokeEndpoint(r -> r.endpointName("mangaassist-small").contentType("application/json").body(SdkBytes.fromUtf8String("{}")));
        }

        assertThat(cold.invocations.get()).isZero();
        assertThat(warm.invocations.get()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void invoke_whenNoInstanceIsReady_answersServiceUnavailable() {
        assertThatThrownBy(() -> sync.invokeEndpoint(r -> r.endpointName("cold-only").contentType("application/json")
                .body(SdkBytes.fromUtf8String("{}"))))
                .hasMessageContaining("No instance of endpoint cold-only is ready for traffic")
                .satisfies(e -> assertThat(((software.amazon.awssdk.awscore.exception.AwsServiceException) e).statusCode()).isEqualTo(503));
    }

    @Test
    void unknownEndpoint_isAValidationError() {
        assertThatThrownBy(() -> sync.invokeEndpoint(r -> r.endpointName("no-such-endpoint").contentType("application/json")
                .body(SdkBytes.fromUtf8String("{}"))))
                .hasMessageContaining("Endpoint no-such-endpoint not found");
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(runtime.endpoint().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A SageMaker container as far as the runtime sees one: /ping and /invocations. */
    private static final class FakeContainer implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger invocations = new AtomicInteger();

        FakeContainer(boolean ready) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/ping", exchange -> respond(exchange, ready ? 200 : 503, ready ? "{}" : "{\"state\":\"LOADING_MODEL\"}"));
            server.createContext("/invocations", this::invoke);
            server.start();
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void invoke(HttpExchange exchange) throws IOException {
            invocations.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains("\"fail\":400")) {
                respond(exchange, 400, "{\"code\":\"invalid_field\"}");
            } else if (body.contains("\"stream\":true")) {
                exchange.getResponseHeaders().set("Content-Type", "application/jsonlines");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 3; i++) {
                        out.write(("{\"token\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    // A line split across two writes must still arrive whole.
                    out.write("{\"end\":".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    out.write("true}\n".getBytes(StandardCharsets.UTF_8));
                }
            } else {
                exchange.getResponseHeaders().set("X-Amzn-SageMaker-Custom-Attributes", "saturation=0.25");
                respond(exchange, 200, "{\"text\":\"answer to " + body.replace("\"", "\\\"") + "\"}");
            }
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
