package com.mangaassist.gpu.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.OpenAiSse;
import com.mangaassist.gpu.engine.openai.OpenAiCompatibleEngine;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A supervised engine process that dies takes the endpoint out of traffic, is started again and
 * re-warmed before /ping says ready again. The "engine process" is {@code sleep 4} (a process
 * that exits by itself); WireMock plays the server it would have started.
 */
class EngineSupervisionTest {

    @Test
    void engineProcessDeath_restartsAndRewarmsBeforeTrafficReturns() {
        WireMockServer vllm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        vllm.start();
        vllm.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("{\"data\":[]}")));
        vllm.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(OpenAiSse.completion("ok"))));
        Map<String, Object> props = new HashMap<>();
        props.put("gpu-endpoint.engine", "openai");
        props.put("gpu-endpoint.openai.base-url", "http://127.0.0.1:" + vllm.port());
        props.put("gpu-endpoint.openai.model", "base");
        props.put("gpu-endpoint.openai.command", "sleep,4");
        props.put("gpu-endpoint.warmup.manifest", getClass().getResource("/one-shape-manifest.json").getPath());
        try (EndpointServer server = EndpointServer.start(props)) {
            OpenAiCompatibleEngine engine = (OpenAiCompatibleEngine) server.bean(InferenceEngine.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> server.get("/ping").statusCode() == 200);
            int startsBefore = engine.supervisor().starts();
            // Hold the restarted engine "loading" so the out-of-traffic window is observable, not a race.
            vllm.stubFor(get("/v1/models").willReturn(aResponse().withStatus(503)));

            await().atMost(Duration.ofSeconds(10)).until(() -> server.get("/ping").statusCode() == 503);
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.supervisor().starts() > startsBefore);
            assertThat(server.get("/ping").body()).contains("LOADING_MODEL");

            vllm.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200).withBody("{\"data\":[]}")));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.get("/ping").statusCode() == 200);
            assertThat(server.get("/metrics").body()).contains("gpu_endpoint_warmup_shapes_completed 1.0");
        } finally {
            vllm.stop();
        }
    }
}
