package com.mangaassist.gpu.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.mangaassist.gpu.engine.openai.OpenAiCompatibleEngine;
import com.mangaassist.gpu.engine.openai.OpenAiEngineSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The production engine reports load from vLLM's /metrics (what GPU saturation is computed from). */
class VllmMetricsTest {

    private static final String METRICS = """
            # HELP vllm:num_requests_running Number of requests currently running on GPU.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{model_name="llama-3-8b-awq"} 28.0
            # TYPE vllm:num_requests_waiting gauge
            vllm:num_requests_waiting{model_name="llama-3-8b-awq"} 7.0
            # TYPE vllm:gpu_cache_usage_perc gauge
            vllm:gpu_cache_usage_perc{model_name="llama-3-8b-awq"} 0.83
            vllm:generation_tokens_total{model_name="llama-3-8b-awq"} 123456.0
            # TYPE vllm:num_preemptions_total counter
            vllm:num_preemptions_total{model_name="llama-3-8b-awq"} 5.0
            vllm:num_preemptions_total{model_name="chatbot-ja"} 2.0
            """;

    @Test
    void stats_afterLoad_comeFromVllmMetrics() throws Exception {
        WireMockServer vllm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        vllm.start();
        vllm.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("{\"data\":[]}")));
        vllm.stubFor(get("/metrics").willReturn(aResponse().withStatus(200).withBody(METRICS)));
        try (OpenAiCompatibleEngine engine = new OpenAiCompatibleEngine(new OpenAiEngineSettings(URI.create("http://127.0.0.1:" + vllm.port()),
                "llama-3-8b-awq", 32, 4096, Duration.ofSeconds(1), Duration.ofSeconds(1), 3, Duration.ofSeconds(2), Duration.ofSeconds(2), List.of()))) {
            assertThat(engine.stats().running()).isZero();

            engine.load();

            await().atMost(Duration.ofSeconds(5)).until(() -> engine.stats().running() == 28);
            EngineStats stats = engine.stats();
            assertThat(stats.waiting()).isEqualTo(7);
            assertThat(stats.kvCacheUsage()).isEqualTo(0.83);
            assertThat(stats.saturation()).isEqualTo(35.0 / 32);
            assertThat(stats.preemptions()).as("summed over the series").isEqualTo(7);
        } finally {
            vllm.stop();
        }
    }
}
