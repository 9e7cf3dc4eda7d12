package com.mangaassist.gpu.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.gpu.startup.RecordingTerminator;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessGatingTest {

    private static final String REQUEST = "{\"requestId\":\"r1\",\"adapter\":\"chatbot-en\",\"systemPrompt\":\"You are MangaAssist.\","
            + "\"query\":\"a samurai story\",\"maxTokens\":32}";

    @Test
    void ping_is503WhileLoadingAndWarming_and200OnlyAfterEveryShape() {
        try (EndpointServer server = EndpointServer.start(Map.of(
                "gpu-endpoint.simulated.load-time", "700ms",
                "gpu-endpoint.simulated.first-shape-cost", "400ms"))) {

            var loading = server.get("/ping");
            assertThat(loading.statusCode()).isEqualTo(503);
            assertThat(loading.body()).contains("\"state\":\"LOADING_MODEL\"", "model loading");
            assertThat(server.post("/invocations", REQUEST).statusCode()).isEqualTo(503);
            // Counted, so a router that sends traffic to a cold instance shows up in metrics.
            assertThat(server.get("/metrics").body()).contains("outcome=\"not_ready\"");

            // Eight shapes at 400 ms each keep the endpoint warming for over 3 s.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> server.get("/ping").body().contains("\"state\":\"WARMING\""));
            var warming = server.post("/invocations", REQUEST);
            assertThat(warming.statusCode()).isEqualTo(503);
            assertThat(warming.body()).contains("not_ready", "warming up");
            assertThat(server.get("/ping").statusCode()).isEqualTo(503);

            await().atMost(Duration.ofSeconds(20)).until(() -> server.get("/ping").statusCode() == 200);
            assertThat(server.get("/ping").body()).contains("\"completed\":8", "\"total\":8");
            assertThat(server.post("/invocations", REQUEST).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void warmup_pastItsDeadline_exitsWithCode1() {
        try (EndpointServer server = EndpointServer.start(Map.of(
                "gpu-endpoint.simulated.load-time", "30s",
                "gpu-endpoint.warmup.deadline", "1s"))) {
            RecordingTerminator terminator = server.bean(RecordingTerminator.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> terminator.exitCode() != null);

            assertThat(terminator.exitCode()).isEqualTo(1);
            assertThat(terminator.event()).isEqualTo("warmup_timeout");
            assertThat(server.get("/ping").body()).contains("\"state\":\"FAILED\"");
        }
    }

    @Test
    void warmup_whenAShapeFails_exitsWithCode1AndNeverBecomesReady() {
        URL manifest = getClass().getResource("/failing-shape-manifest.json");
        try (EndpointServer server = EndpointServer.start(Map.of("gpu-endpoint.warmup.manifest", manifest.getPath()))) {
            RecordingTerminator terminator = server.bean(RecordingTerminator.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> terminator.exitCode() != null);

            assertThat(terminator.exitCode()).isEqualTo(1);
            assertThat(terminator.event()).isEqualTo("model_load_failure");
            assertThat(server.get("/ping").statusCode()).isEqualTo(503);
        }
    }
}
