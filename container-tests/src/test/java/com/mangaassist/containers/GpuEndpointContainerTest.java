package com.mangaassist.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.localaws.process.LoopbackPorts;
import com.mangaassist.release.docker.ImageBuilder;
import com.mangaassist.release.docker.PlatformImage;
import com.mangaassist.shared.grounding.Passage;
import com.mangaassist.shared.grounding.ReferenceBlock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gpu-endpoint image (the local variant: the simulated engine on a Debian base) started
 * exactly as SageMaker starts a container — {@code docker run <image> serve} — with the limits a
 * hardened deployment adds: a read-only root filesystem with {@code /tmp} on tmpfs and a memory
 * limit.
 */
class GpuEndpointContainerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What retrieval hands the model with the question (a reference block): the simulated engine answers from it alone. */
    private static final String REFERENCE = ReferenceBlock.render(List.of(
            new Passage("vagabond", "catalog", "Vagabond (バガボンド)", "By Takehiko Inoue. Seinen, historical samurai drama.")));
    private static final String REQUEST = "{\"requestId\":\"r1\",\"adapter\":\"chatbot-en\",\"systemPrompt\":\"You are MangaAssist.\","
            + "\"ragContext\":" + JSON.valueToTree(REFERENCE) + ",\"query\":\"a samurai story\",\"maxTokens\":16%s}";
    private static final List<String> HARDENED = List.of("--read-only", "--tmpfs", "/tmp", "--memory", "1g", "--health-interval", "1s",
            "--health-start-period", "1s", "--health-retries", "2");

    private static ImageBuilder.BuiltImage image;

    @BeforeAll
    static void build() {
        image = PlatformImages.get(PlatformImage.GPU_ENDPOINT);
    }

    @Test
    void serve_asSageMakerStartsIt_isUnreadyUntilWarmThenAnswersBothPathsAndTurnsHealthy() throws Exception {
        int port = LoopbackPorts.free();
        long start = System.nanoTime();
        try (Container container = Container.run(image.reference(), port, Map.of(), HARDENED, List.of("serve"))) {
            container.awaitStatus("/ping", 503, Duration.ofSeconds(60));
            container.awaitStatus("/ping", 200, Duration.ofSeconds(120));
            Duration toReady = Duration.ofNanos(System.nanoTime() - start);

            HttpResponse<String> answer = container.post("/invocations", REQUEST.formatted(""));
            HttpResponse<String> stream = container.post("/invocations", REQUEST.formatted(",\"stream\":true"));

            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.path("finishReason").isTextual()).as(answer.body()).isTrue();
            // The passage the request carried, named with its citation: the image's engine answers from the reference block.
            assertThat(body.path("text").asText()).startsWith("From the store's catalog, you might like:").contains("Vagabond (バガボンド) [1]");
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.body()).contains("Vagabond");
            assertThat(stream.body().lines()).last().asString().contains("\"type\":\"end\"");
            assertThat(container.exec("id", "-u")).isEqualTo("10001");
            assertThat(container.inspect("{{.Config.Labels}}")).contains("simulated");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> container.inspect("{{.State.Health.Status}}").equals("healthy"));
            // A tenth of the 1 GiB limit (MaxRAMPercentage=10, rounded to G1 regions): the heap follows the
            // container's limit, not the host's memory (a tenth of which would be gigabytes).
            assertThat(maxHeapMb(container.logs())).isBetween(90, 160);
            ContainerFigures.record("gpu-endpoint (local variant)", image, toReady);
        }
    }

    @Test
    void serve_whenNotWarmByItsDeadline_exitsOneNamingWarmupTimeout() {
        Map<String, String> slow = Map.of("GPU_ENDPOINT_SIMULATED_LOAD_TIME", "60s", "GPU_ENDPOINT_WARMUP_DEADLINE", "3s");
        try (Container container = Container.run(image.reference(), LoopbackPorts.free(), slow, HARDENED, List.of("serve"))) {
            assertThat(container.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(container.logs()).contains("event=warmup_timeout");
        }
    }

    @Test
    void run_withAnUnknownCommand_exitsTwoWithUsage() {
        try (Container container = Container.run(image.reference(), LoopbackPorts.free(), Map.of(), List.of(), List.of("train"))) {
            assertThat(container.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(container.logs()).contains("usage: gpu-endpoint serve | capacity");
        }
    }

    static int maxHeapMb(String logs) {
        Matcher heap = Pattern.compile("maxHeapMb=(\\d+)").matcher(logs);
        if (!heap.find()) {
            throw new AssertionError("the service logged no event=service_started line:\n" + logs);
        }
        return Integer.parseInt(heap.group(1));
    }
}
