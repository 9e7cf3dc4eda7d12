package com.mangaassist.gpu.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceCodec;
import com.mangaassist.shared.wire.inference.InferenceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.PayloadPart;

/**
 * The AWS SDK v2 SageMaker runtime clients, unchanged but for an endpoint override, against the
 * local runtime path, which routes "mangaassist-small" over two instances of which one never gets
 * ready (see {@link LocalRuntimeFixture}): every request must land on the warm one.
 */
class LocalSageMakerRuntimeTest {

    private static final InferenceCodec CODEC = InferenceCodec.withDefaults();
    private static LocalRuntimeFixture runtime;
    private static SageMakerRuntimeClient sync;
    private static SageMakerRuntimeAsyncClient async;

    @BeforeAll
    static void start() {
        runtime = LocalRuntimeFixture.start();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        sync = SageMakerRuntimeClient.builder().endpointOverride(runtime.runtimeEndpoint()).region(Region.US_EAST_1).credentialsProvider(credentials).build();
        async = SageMakerRuntimeAsyncClient.builder().endpointOverride(runtime.runtimeEndpoint()).region(Region.US_EAST_1).credentialsProvider(credentials).build();
    }

    @AfterAll
    static void stop() {
        sync.close();
        async.close();
        runtime.close();
    }

    @Test
    void describeEndpoint_whenOneOfTwoInstancesIsWarm_reportsInServiceWithOneReady() {
        assertThat(runtime.warm.get("/endpoints/mangaassist-small").body())
                .isEqualTo("{\"EndpointName\":\"mangaassist-small\",\"EndpointStatus\":\"InService\",\"ReadyInstanceCount\":1,\"InstanceCount\":2}");
        assertThat(runtime.warm.get("/endpoints/cold-only").body()).contains("\"EndpointStatus\":\"Creating\"", "\"ReadyInstanceCount\":0");
        assertThat(runtime.warm.get("/endpoints/nope").statusCode()).isEqualTo(404);
    }

    private static int status(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String body(boolean stream) {
        return "{\"requestId\":\"sdk-1\",\"adapter\":\"chatbot-en\",\"systemPrompt\":\"You are MangaAssist.\","
                + "\"query\":\"a samurai sword story\",\"maxTokens\":64,\"stream\":" + stream + "}";
    }

    private static InvokeEndpointResponse invoke(boolean stream) {
        return sync.invokeEndpoint(r -> r.endpointName("mangaassist-small").contentType("application/json")
                .body(SdkBytes.fromUtf8String(body(stream))));
    }

    @Test
    void invokeEndpoint_withTheSdkClient_returnsTheContainersAnswer() {
        InvokeEndpointResponse response = invoke(false);

        InferenceResponse answer = CODEC.decodeResponse(response.body().asUtf8String()).value();
        assertThat(answer.text()).contains("Vagabond");
        assertThat(response.invokedProductionVariant()).isEqualTo("AllTraffic");
    }

    @Test
    void invokeEndpointWithResponseStream_withTheSdkAsyncClient_deliversEveryJsonLineInOrder() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InvokeEndpointWithResponseStreamResponseHandler handler = InvokeEndpointWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
                        .onPayloadPart((PayloadPart part) -> received.writeBytes(part.bytes().asByteArray()))
                        .build())
                .build();

        async.invokeEndpointWithResponseStream(r -> r.endpointName("mangaassist-small").contentType("application/json")
                .body(SdkBytes.fromUtf8String(body(true))), handler).get(20, TimeUnit.SECONDS);

        List<InferenceChunk> chunks = received.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                .map(l -> CODEC.decodeChunk(l).value()).toList();
        assertThat(chunks.get(chunks.size() - 1)).isInstanceOf(InferenceChunk.EndChunk.class);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks.size() - 1; i++) {
            InferenceChunk.TokenChunk token = (InferenceChunk.TokenChunk) chunks.get(i);
            assertThat(token.index()).isEqualTo(i);
            text.append(token.text());
        }
        assertThat(text.toString()).contains("Vagabond");
    }

    @Test
    void containerError_reachesTheSdkAsModelErrorWithTheOriginalStatus() {
        assertThatThrownBy(() -> sync.invokeEndpoint(r -> r.endpointName("mangaassist-small").contentType("application/json")
                .body(SdkBytes.fromUtf8String(body(false).replace("chatbot-en", "chatbot-fr")))))
                .isInstanceOfSatisfying(ModelErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(424);
                    assertThat(e.originalStatusCode()).isEqualTo(400);
                    assertThat(e.originalMessage()).contains("LoRA adapter not loaded");
                });
    }

    @Test
    void noRequest_reachesTheInstanceThatNeverBecameReady() {
        for (int i = 0; i < 5; i++) {
            invoke(false);
        }

        String coldMetrics = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.cold.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).join().body();
        assertThat(coldMetrics).doesNotContain("gpu_endpoint_inference_requests_total{");
        assertThat(status(runtime.cold.port(), "/ping")).isEqualTo(503);
    }

    @Test
    void unknownEndpoint_isAValidationError() {
        assertThatThrownBy(() -> sync.invokeEndpoint(r -> r.endpointName("no-such-endpoint").contentType("application/json")
                .body(SdkBytes.fromUtf8String(body(false)))))
                .hasMessageContaining("Endpoint no-such-endpoint not found");
    }

}
