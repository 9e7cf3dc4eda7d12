package com.mangaassist.gpu.http;

import com.mangaassist.shared.wire.inference.StatefulSessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.shared.grounding.Passage;
import com.mangaassist.shared.grounding.ReferenceBlock;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.inference.FinishReason;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceCodec;
import com.mangaassist.shared.wire.inference.InferenceResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InvocationsTest {

    private static final InferenceCodec CODEC = InferenceCodec.withDefaults();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the platform retrieved for the question: the simulated engine answers from this and nothing else. */
    private static final String REFERENCE = ReferenceBlock.render(List.of(
            new Passage("berserk", "catalog", "Berserk (ベルセルク)", "By Kentaro Miura. Seinen, dark fantasy."),
            new Passage("claymore", "catalog", "Claymore (クレイモア)", "By Norihiro Yagi. Shonen, dark fantasy.")));
    private static EndpointServer server;

    @BeforeAll
    static void start() {
        server = EndpointServer.start(Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> server.get("/ping").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String request(boolean stream) {
        return "{\"requestId\":\"req-7\",\"adapter\":\"chatbot-en\",\"systemPrompt\":\"You are MangaAssist.\","
                + "\"history\":[{\"seq\":1,\"role\":\"user\",\"text\":\"I loved Vinland Saga\",\"tokens\":12,\"entities\":[\"Vinland Saga\"]},"
                + "{\"seq\":2,\"role\":\"assistant\",\"text\":\"Great pick!\",\"tokens\":9}],"
                + "\"ragContext\":" + JSON.valueToTree(REFERENCE) + ","
                + "\"query\":\"Something dark with swords and revenge?\",\"maxTokens\":256,\"stream\":" + stream + "}";
    }

    @Test
    void invoke_whenJsonRequest_answersWithCompleteResponse() {
        HttpResponse<String> response = server.post("/invocations", request(false));

        assertThat(response.statusCode()).isEqualTo(200);
        InferenceResponse body = CODEC.decodeResponse(response.body()).value();
        assertThat(body.requestId()).isEqualTo("req-7");
        assertThat(body.text()).containsSubsequence("Berserk (ベルセルク) [1] — By Kentaro Miura.", "Claymore (クレイモア) [2]")
                .doesNotContain("Vinland Saga");
        assertThat(body.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(body.usage().completionTokens()).isPositive();
        assertThat(body.wasTruncated()).isFalse();
    }

    @Test
    void invoke_whenStreamRequested_sendsOrderedTokenLinesThenOneEnd() throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = server.http().send(HttpRequest.newBuilder(server.uri("/invocations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request(true))).build(),
                HttpResponse.BodyHandlers.ofLines());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("application/jsonlines"));
        List<InferenceChunk> chunks = response.body().filter(l -> !l.isBlank()).map(l -> CODEC.decodeChunk(l).value()).toList();
        List<InferenceChunk> tokens = chunks.subList(0, chunks.size() - 1);
        assertThat(tokens).isNotEmpty().allMatch(c -> c instanceof InferenceChunk.TokenChunk);
        for (int i = 0; i < tokens.size(); i++) {
            assertThat(((InferenceChunk.TokenChunk) tokens.get(i)).index()).isEqualTo(i);
        }
        assertThat(chunks.get(chunks.size() - 1)).isInstanceOfSatisfying(InferenceChunk.EndChunk.class,
                end -> assertThat(end.usage().completionTokens()).isEqualTo(tokens.size()));
    }

    @Test
    void invoke_whenBodyIsNotAValidRequest_answers400WithErrorCode() {
        HttpResponse<String> malformed = server.post("/invocations", "{not json");
        HttpResponse<String> missing = server.post("/invocations", "{\"requestId\":\"r\",\"systemPrompt\":\"s\",\"maxTokens\":4}");

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(CODEC.decodeError(malformed.body()).value().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(CODEC.decodeError(missing.body()).value().code()).isEqualTo(ErrorCode.MISSING_FIELD);
    }

    @Test
    void invoke_whenAdapterUnknown_answers400BeforeStreaming() {
        HttpResponse<String> response = server.post("/invocations", request(true).replace("chatbot-en", "chatbot-fr"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("LoRA adapter not loaded");
    }

    @Test
    void metrics_exposeLifecycleWarmupBreakerAndKvGauges() {
        server.post("/invocations", request(false));

        String metrics = server.get("/metrics").body();

        assertThat(metrics).contains("gpu_endpoint_ready 1.0", "gpu_endpoint_warmup_shapes_completed 8.0",
                "gpu_endpoint_breaker_state 0.0", "gpu_endpoint_kv_cache_usage", "gpu_endpoint_tokens_generated_total",
                "gpu_endpoint_inference_requests_total{outcome=\"ok\"}", "gpu_endpoint_requests_running");
    }

    private static HttpResponse<String> post(String body, String session) throws Exception {
        return server.http().send(HttpRequest.newBuilder(server.uri("/invocations")).header("Content-Type", "application/json")
                .header(StatefulSessions.SESSION_HEADER, session).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void invoke_whenNewSessionRequested_opensOneAndAnswersInItUntilClosed() throws Exception {
        HttpResponse<String> opened = post(StatefulSessions.NEW_SESSION_BODY, StatefulSessions.NEW_SESSION);

        assertThat(opened.statusCode()).isEqualTo(200);
        StatefulSessions.Opened session = StatefulSessions.parseNewSession(
                opened.headers().firstValue(StatefulSessions.NEW_SESSION_HEADER).orElseThrow());
        assertThat(session).isNotNull();
        assertThat(session.expires()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(19)));

        HttpResponse<String> inSession = post(request(false), session.id());
        assertThat(inSession.statusCode()).isEqualTo(200);
        assertThat(CODEC.decodeResponse(inSession.body()).value().text()).contains("Berserk");

        HttpResponse<String> closed = post(StatefulSessions.CLOSE_BODY, session.id());
        assertThat(closed.headers().firstValue(StatefulSessions.CLOSED_SESSION_HEADER)).hasValue(session.id());
        HttpResponse<String> afterClose = post(request(false), session.id());
        assertThat(afterClose.statusCode()).isEqualTo(400);
        assertThat(CODEC.decodeError(afterClose.body()).value().code()).isEqualTo(ErrorCode.SESSION_CLOSED);
    }

    @Test
    void invoke_whenASessionThisInstanceNeverOpenedIsNamed_refusesWithSessionClosedBeforeGenerating() throws Exception {
        HttpResponse<String> response = post(request(true), "opened-elsewhere-1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(CODEC.decodeError(response.body()).value().code()).isEqualTo(ErrorCode.SESSION_CLOSED);
    }

    @Test
    void invoke_whenNewSessionCarriesAnInferenceBody_refusesIt() throws Exception {
        assertThat(post(request(false), StatefulSessions.NEW_SESSION).statusCode()).isEqualTo(400);
    }

    @Test
    void invoke_whenTheSamePromptComesBack_findsItsPrefixCached() {
        server.post("/invocations", request(false));
        String before = server.get("/metrics").body();
        server.post("/invocations", request(false));
        String after = server.get("/metrics").body();

        assertThat(gauge(after, "gpu_endpoint_prefix_cache_hit_tokens")).isGreaterThan(gauge(before, "gpu_endpoint_prefix_cache_hit_tokens"));
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not exported"));
    }
}
