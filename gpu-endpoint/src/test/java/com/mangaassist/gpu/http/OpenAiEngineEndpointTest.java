package com.mangaassist.gpu.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.mangaassist.shared.breaker.OomCircuitBreaker;
import com.mangaassist.gpu.engine.OpenAiSse;
import com.mangaassist.shared.routing.BreakerState;
import com.mangaassist.shared.wire.inference.InferenceCodec;
import com.mangaassist.shared.wire.inference.InferenceResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The front with the production engine against a scripted vLLM: breaker transitions and /ping flips over HTTP. */
class OpenAiEngineEndpointTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final String OOM = "{\"object\":\"error\",\"message\":\"CUDA out of memory. Tried to allocate 1.50 GiB\"}";
    private static final String REQUEST = "{\"requestId\":\"r1\",\"adapter\":\"chatbot-en\",\"systemPrompt\":\"You are MangaAssist.\","
            + "\"query\":\"a samurai story\",\"maxTokens\":64}";

    private final WireMockServer vllm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private EndpointServer server;
    private OomCircuitBreaker breaker;

    @BeforeEach
    void setUp() {
        vllm.start();
        vllm.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("{\"data\":[]}")));
        answerNormally();
        Map<String, Object> props = new HashMap<>();
        props.put("gpu-endpoint.engine", "openai");
        props.put("gpu-endpoint.openai.base-url", "http://127.0.0.1:" + vllm.port());
        props.put("gpu-endpoint.openai.model", "llama-3-8b-awq");
        props.put("gpu-endpoint.openai.attempt-timeout", "500ms");
        props.put("gpu-endpoint.openai.idle-timeout", "500ms");
        props.put("gpu-endpoint.openai.retry-deadline", "1s");
        props.put("gpu-endpoint.warmup.manifest", getClass().getResource("/one-shape-manifest.json").getPath());
        props.put("gpu-endpoint.breaker.cooldown", "300ms");
        props.put("gpu-endpoint.health.probe-interval", "100ms");
        props.put("gpu-endpoint.health.probe-deadline", "300ms");
        server = EndpointServer.start(props);
        breaker = server.bean(OomCircuitBreaker.class);
        var terminator = server.bean(com.mangaassist.gpu.startup.RecordingTerminator.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.get("/ping").body())
                .as("startup failure: %s", terminator.detail()).contains("\"status\":\"ready\""));
    }

    @AfterEach
    void tearDown() {
        server.close();
        vllm.stop();
    }

    private void answerNormally() {
        vllm.resetMappings();
        vllm.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("{\"data\":[]}")));
        vllm.stubFor(post(CHAT).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(OpenAiSse.completion("Try ", "Vagabond."))));
    }

    /**
     * The next chat call for the user's adapter runs out of memory, the one after answers. Health
     * probes ask for the base model, so they do not consume the script.
     */
    private void oomOnce() {
        vllm.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.model", equalTo("chatbot-en"))).inScenario("oom").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willSetStateTo("recovered").willReturn(aResponse().withStatus(500).withBody(OOM)));
        vllm.stubFor(post(CHAT).withRequestBody(matchingJsonPath("$.model", equalTo("chatbot-en"))).inScenario("oom").whenScenarioStateIs("recovered").willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(OpenAiSse.completion("Short."))));
    }

    private InferenceResponse invoke() {
        var response = server.post("/invocations", REQUEST);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return InferenceCodec.withDefaults().decodeResponse(response.body()).value();
    }

    @Test
    void breaker_walksClosedOpenHalfOpenOpenHalfOpenClosed_andUsersAlwaysGetAnAnswer() {
        vllm.resetScenarios();
        oomOnce();
        assertThat(invoke().degraded()).as("OOM answered with reduced context").isTrue();
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);

        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.state() == BreakerState.HALF_OPEN);
        vllm.resetScenarios();
        assertThat(invoke().degraded()).as("the half-open trial ran out of memory too; fallback answered").isTrue();
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);

        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.state() == BreakerState.HALF_OPEN);
        answerNormally();
        assertThat(invoke().degraded()).as("the trial succeeded with full context").isFalse();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(server.get("/metrics").body()).contains("gpu_endpoint_breaker_trips_total 2.0", "gpu_endpoint_OOMEscalation_total 1.0");
    }

    @Test
    void ping_flipsTo503WhenTheEngineStopsAnswering_andBackWhenItRecovers() {
        vllm.resetMappings();
        vllm.stubFor(post(CHAT).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        await().atMost(Duration.ofSeconds(10)).until(() -> server.get("/ping").statusCode() == 503);
        assertThat(server.get("/ping").body()).contains("health probe");
        assertThat(server.post("/invocations", REQUEST).statusCode()).isEqualTo(503);

        answerNormally();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.get("/ping").statusCode() == 200);
    }
}
