package com.mangaassist.gpu.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.mangaassist.gpu.engine.openai.OpenAiCompatibleEngine;
import com.mangaassist.gpu.engine.openai.OpenAiEngineSettings;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.wire.inference.FinishReason;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production engine against a scripted OpenAI-compatible server. Timeouts are scaled down
 * (the 4.8 s slow 503 against a 5 s attempt timeout becomes 480 ms against 500 ms) so the
 * suite stays fast; the ratios are what matter.
 */
class OpenAiCompatibleEngineTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final EngineRequest REQUEST = new EngineRequest("req-1", "chatbot-en",
            List.of(new ChatMessage(Role.SYSTEM, "You are MangaAssist."), new ChatMessage(Role.USER, "a samurai story")), 40, 16);

    private final WireMockServer wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private OpenAiCompatibleEngine engine;

    @BeforeEach
    void setUp() {
        wiremock.start();
        engine = new OpenAiCompatibleEngine(new OpenAiEngineSettings(URI.create("http://127.0.0.1:" + wiremock.port()), "llama-3-8b-awq",
                64, 4096, Duration.ofMillis(500), Duration.ofMillis(400), 3, Duration.ofSeconds(2), Duration.ofSeconds(2), List.of()));
    }

    @AfterEach
    void tearDown() {
        engine.close();
        wiremock.stop();
    }

    @Test
    void generate_streamsDeltasInOrderAndReadsUsage() throws Exception {
        wiremock.stubFor(post(CHAT).willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(OpenAiSse.completion("Try ", "Vagabond", "."))));
        StringBuilder text = new StringBuilder();

        EngineResult result = engine.generate(REQUEST, t -> text.append(t) != null);

        assertThat(text).hasToString("Try Vagabond.");
        assertThat(result).isEqualTo(new EngineResult(37, 3, FinishReason.STOP));
        wiremock.verify(postRequestedFor(urlEqualTo(CHAT)).withRequestBody(equalToJson(
                "{\"model\":\"chatbot-en\",\"max_tokens\":16,\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"system\",\"content\":\"You are MangaAssist.\"},{\"role\":\"user\",\"content\":\"a samurai story\"}]}")));
    }

    @Test
    void generate_when503Then503Then200_retriesBeforeTheFirstTokenAndSucceeds() throws Exception {
        wiremock.stubFor(post(CHAT).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(aResponse().withStatus(503).withBody("{\"message\":\"overloaded\"}")));
        wiremock.stubFor(post(CHAT).inScenario("flaky").whenScenarioStateIs("second").willSetStateTo("third")
                .willReturn(aResponse().withStatus(503).withBody("{\"message\":\"overloaded\"}")));
        wiremock.stubFor(post(CHAT).inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody(OpenAiSse.completion("ok"))));

        EngineResult result = engine.generate(REQUEST, TokenSink.DISCARD);

        assertThat(result.completionTokens()).isEqualTo(1);
        wiremock.verify(3, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void generate_whenSlow503sEatTheRetryDeadline_givesUpAsUnavailable() {
        wiremock.stubFor(post(CHAT).willReturn(aResponse().withStatus(503).withFixedDelay(480)));

        assertThatThrownBy(() -> engine.generate(REQUEST, TokenSink.DISCARD)).isInstanceOf(EngineException.Unavailable.class);
        assertThat(wiremock.findAll(postRequestedFor(urlEqualTo(CHAT)))).hasSizeBetween(2, 3);
    }

    @Test
    void generate_whenEngineAnswersSlowerThanTheAttemptTimeout_failsThatAttempt() {
        wiremock.stubFor(post(CHAT).willReturn(aResponse().withFixedDelay(1_500).withBody(OpenAiSse.completion("late"))));

        assertThatThrownBy(() -> engine.generate(REQUEST, TokenSink.DISCARD))
                .isInstanceOf(EngineException.Unavailable.class).hasMessageContaining("did not answer within");
    }

    @Test
    void generate_whenBodySaysCudaOutOfMemory_raisesOutOfMemoryWithoutRetrying() {
        wiremock.stubFor(post(CHAT).willReturn(aResponse().withStatus(500).withBody(
                "{\"object\":\"error\",\"message\":\"CUDA out of memory. Tried to allocate 2.00 GiB\",\"type\":\"InternalServerError\",\"code\":500}")));

        assertThatThrownBy(() -> engine.generate(REQUEST, TokenSink.DISCARD)).isInstanceOf(EngineException.OutOfMemory.class);
        wiremock.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void reset_whenTheServerHasTheResetRoute_dropsItsPrefixCache() {
        wiremock.stubFor(post("/reset_prefix_cache").willReturn(aResponse().withStatus(200)));

        engine.reset();

        wiremock.verify(1, postRequestedFor(urlEqualTo("/reset_prefix_cache")));
        assertThat(engine.resets()).isEqualTo(1);
    }

    @Test
    void reset_whenTheServerHasNoResetRoute_keepsItsCacheAndFailsNothing() {
        wiremock.stubFor(post("/reset_prefix_cache").willReturn(aResponse().withStatus(404)));

        engine.reset();

        wiremock.verify(1, postRequestedFor(urlEqualTo("/reset_prefix_cache")));
        assertThat(engine.resets()).isZero();
    }

    @Test
    void reset_whenTheServerDropsTheConnection_failsNothing() {
        wiremock.stubFor(post("/reset_prefix_cache").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        engine.reset();

        assertThat(engine.resets()).isZero();
    }

    @Test
    void generate_whenVllmHasNoCacheBlocks_raisesOutOfMemory() {
        wiremock.stubFor(post(CHAT).willReturn(aResponse().withStatus(500).withBody(
                "{\"message\":\"No available memory for the cache blocks. Try increasing `gpu_memory_utilization`\"}")));

        assertThatThrownBy(() -> engine.generate(REQUEST, TokenSink.DISCARD)).isInstanceOf(EngineException.OutOfMemory.class);
    }

    @Test
    void generate_whenContextTooLong_isRejectedNotRetried() {
        wiremock.stubFor(post(CHAT).willReturn(aResponse().withStatus(400).withBody(
                "{\"message\":\"This model's maximum context length is 4096 tokens\"}")));

        assertThatThrownBy(() -> engine.generate(REQUEST, TokenSink.DISCARD)).isInstanceOf(EngineException.Rejected.class);
        wiremock.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void generate_whenEngineStopsAnsweringMidStream_failsAsHungWithoutRetrying() {
        // Half the stream (several tokens) after 1 s, then 1 s of silence: over the 400 ms idle timeout.
        wiremock.stubFor(post(CHAT).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(OpenAiSse.completion("one ", "two ", "three ", "four ", "five ", "six ")).withChunkedDribbleDelay(2, 2_000)));
        StringBuilder seen = new StringBuilder();
        try (OpenAiCompatibleEngine patient = new OpenAiCompatibleEngine(new OpenAiEngineSettings(URI.create("http://127.0.0.1:" + wiremock.port()),
                "llama-3-8b-awq", 64, 4096, Duration.ofSeconds(3), Duration.ofMillis(400), 3, Duration.ofSeconds(5), Duration.ofSeconds(2), List.of()))) {

            assertThatThrownBy(() -> patient.generate(REQUEST, t -> seen.append(t) != null))
                    .isInstanceOf(EngineException.Unavailable.class).hasMessageContaining("stopped answering");
        }
        assertThat(seen.toString()).startsWith("one ");
        wiremock.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void generate_whenConnectionDropped_retriesThenFails() {
        wiremock.stubFor(post(CHAT).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> engine.generate(REQUEST, TokenSink.DISCARD)).isInstanceOf(EngineException.Unavailable.class);
        wiremock.verify(3, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void load_waitsUntilTheServerListsModels() throws Exception {
        wiremock.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("{\"data\":[]}")));

        engine.load();

        assertThat(wiremock.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlEqualTo("/v1/models")))).isNotEmpty();
    }

    @Test
    void load_whenServerNeverAnswers_failsAfterTheLoadTimeout() {
        wiremock.stubFor(get("/v1/models").willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(engine::load).isInstanceOf(EngineException.Unavailable.class).hasMessageContaining("not ready within");
    }
}
