package com.mangaassist.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.gateway.GatewayLimits;
import com.mangaassist.gateway.LocalApiGateway;
import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.chat.ChatClient;
import com.mangaassist.localaws.process.LoopbackPorts;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import com.mangaassist.release.docker.ImageBuilder;
import com.mangaassist.release.docker.PlatformImage;
import com.mangaassist.shared.contract.SettingNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator image as an ECS task runs it — settings only from environment variables named
 * by {@link SettingNames}, a read-only root filesystem, a memory limit — against the local AWS
 * emulators, a simulated GPU fleet and the local WebSocket gateway: ready, a chat turn through the
 * gateway (answered without context: the task is given no search endpoint), and {@code docker stop}'s
 * SIGTERM draining an answer in flight to a clean exit.
 */
class OrchestratorContainerTest {

    private static final List<String> HARDENED = List.of("--read-only", "--tmpfs", "/tmp", "--memory", "512m");
    /** The stage's origin proof: the task gets it as a fixed value, the local gateway maps it (ADR 0027). */
    private static final String ORIGIN_PROOF = "container-test-origin-proof";

    private static ImageBuilder.BuiltImage image;
    private static LocalAwsStack aws;
    private static SimulatedGpuFleet gpu;

    @BeforeAll
    static void start() {
        image = PlatformImages.get(PlatformImage.ORCHESTRATOR);
        aws = LocalAwsStack.start();
        // 40 ms a token: an answer streams for seconds, long enough to stop the task in the middle of one.
        gpu = SimulatedGpuFleet.start("gpu-for-container", 16, Duration.ofMillis(40));
    }

    @AfterAll
    static void stop() {
        if (gpu != null) {
            gpu.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    /** The task's environment: every setting under the name the CDK app sets it by. */
    private static Map<String, String> environment(int gatewayPort) {
        Map<String, String> env = new HashMap<>();
        aws.serviceProperties().forEach((key, value) -> env.put(SettingNames.environmentVariable(key), value.toString()));
        env.put(SettingNames.environmentVariable(SettingNames.CONNECTIONS_ENDPOINT), "http://127.0.0.1:" + gatewayPort + "/local");
        env.put(SettingNames.environmentVariable(SettingNames.AWS_ENDPOINTS + ".sagemaker-runtime"), gpu.runtimeEndpoint());
        env.put(SettingNames.environmentVariable(SettingNames.SPILL_MODE), "baseline-only");
        env.put(SettingNames.environmentVariable(SettingNames.DRAIN_TIMEOUT), "20s");
        env.put(SettingNames.environmentVariable(SettingNames.RATE_BURST), "100");
        env.put(SettingNames.environmentVariable(SettingNames.ORIGIN_PROOF), ORIGIN_PROOF);
        return env;
    }

    @Test
    void task_answersAChatTurnThroughTheGatewayAndDrainsAnAnswerInFlightOnSigterm() throws Exception {
        int port = LoopbackPorts.free();
        int gatewayPort = LoopbackPorts.free();
        long start = System.nanoTime();
        try (Container task = Container.run(image.reference(), port, environment(gatewayPort), HARDENED, List.of());
             LocalApiGateway gateway = LocalApiGateway.start(gatewayPort, task.uri(""), GatewayLimits.apiGateway(), ORIGIN_PROOF)) {
            task.awaitStatus("/ready", 200, Duration.ofSeconds(90));
            Duration toReady = Duration.ofNanos(System.nanoTime() - start);
            assertThat(task.inspect("{{.Config.User}}")).isEqualTo("10001");
            // 70 % of the 512 MiB limit (MaxRAMPercentage=70).
            assertThat(GpuEndpointContainerTest.maxHeapMb(task.logs())).isBetween(330, 380);

            String conversation = "c-" + UUID.randomUUID();
            try (ChatClient client = ChatClient.connect(gateway.webSocketUri("dev-container-user"))) {
                client.sendMessage(conversation, "m1", "recommend a samurai manga");
                List<JsonNode> first = client.awaitEnd("m1");
                // No search endpoint and no orders table in this task's settings: the turn is answered without context, and says so.
                assertThat(first).last().satisfies(done -> {
                    assertThat(done.path("type").asText()).isEqualTo("done");
                    assertThat(done.path("grounded").isBoolean()).as(done.toString()).isTrue();
                    assertThat(done.path("grounded").asBoolean()).isFalse();
                    assertThat(done.path("sources").isArray()).as(done.toString()).isTrue();
                    assertThat(done.path("sources")).isEmpty();
                });
                assertThat(ChatClient.text(first)).startsWith("I found nothing in the store's catalog or policies for that question")
                        .doesNotContain("Vagabond", "[1]");

                client.sendMessage(conversation, "m2", "and one more like it");
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> client.ofMessage("m2").stream().anyMatch(f -> f.path("type").asText().equals("token")));
                int exit = task.stop(Duration.ofSeconds(60));

                assertThat(exit).as("a drained stop exits 0").isZero();
                assertThat(client.ofMessage("m2")).last().satisfies(end -> assertThat(end.path("type").asText()).isEqualTo("done"));
                assertThat(task.logs()).contains("event=drain_started", "event=drain_finished");
            }
            ContainerFigures.record("orchestrator", image, toReady);
        }
    }

    @Test
    void task_withoutItsConversationTable_exitsOneWithOneLineNamingTheSetting() {
        Map<String, String> env = environment(LoopbackPorts.free());
        env.remove(SettingNames.environmentVariable(SettingNames.CONVERSATION_TABLE));
        try (Container task = Container.run(image.reference(), LoopbackPorts.free(), env, HARDENED, List.of())) {
            assertThat(task.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(task.logs().strip()).isEqualTo("fargate-orchestrator cannot start: PIPELINE_CONVERSATION_TABLE (pipeline.conversation-table) "
                    + "is not set: it must name the DynamoDB table that holds conversations");
        }
    }

    @Test
    void task_withAnUnusableSetting_exitsOneNamingIt() {
        Map<String, String> env = environment(LoopbackPorts.free());
        env.put(SettingNames.environmentVariable(SettingNames.SPILL_MODE), "sometimes");
        try (Container task = Container.run(image.reference(), LoopbackPorts.free(), env, HARDENED, List.of())) {
            assertThat(task.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(task.logs().strip()).isEqualTo("fargate-orchestrator cannot start: ORCHESTRATOR_SPILL_MODE (orchestrator.spill-mode) is "
                    + "'sometimes': it must be hybrid, baseline-only or overflow-only");
        }
    }
}
