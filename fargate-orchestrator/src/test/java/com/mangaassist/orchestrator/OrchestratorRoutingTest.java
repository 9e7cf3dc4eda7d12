package com.mangaassist.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.Token;
import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Routing under load, end to end: a saturated task spills to SQS; a saturated GPU endpoint makes
 * the task degrade or shed, never spill (a Lambda adds orchestration, not GPU capacity).
 */
class OrchestratorRoutingTest {

    private static LocalAwsStack aws;

    @BeforeAll
    static void start() {
        aws = LocalAwsStack.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @BeforeEach
    void emptyQueue() {
        aws.sqs().purgeQueue(b -> b.queueUrl(aws.queueUrl()));
    }

    private static List<Message> receiveAll() {
        List<Message> messages = new ArrayList<>();
        List<Message> batch;
        do {
            batch = aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            messages.addAll(batch);
        } while (!batch.isEmpty());
        return messages;
    }

    private static void awaitFirstToken(OrchestratorHarness orchestrator, String connection) {
        await().atMost(Duration.ofSeconds(20)).until(() -> orchestrator.frames(connection).stream().anyMatch(Token.class::isInstance));
    }

    @Test
    void sendMessage_whenThisTaskIsSaturated_becomesAWellFormedOverflowMessage() {
        try (SimulatedGpuFleet gpu = SimulatedGpuFleet.start("gpu-routing-task", 32, Duration.ofMillis(40));
             OrchestratorHarness orchestrator = OrchestratorHarness.start(aws, gpu, Map.of("orchestrator.capacity", 1))) {
            String connection = OrchestratorHarness.newConnection();
            String conversation = OrchestratorHarness.newConversation();
            orchestrator.sendMessage(connection, "user-a", conversation, "m1", "tell me about Vagabond");
            awaitFirstToken(orchestrator, connection);

            orchestrator.sendMessage(connection, "user-a", conversation, "m2", "and Berserk?");

            await().atMost(Duration.ofSeconds(10)).until(() -> orchestrator.frames(connection).contains(new Ack("m2", 0, 1, 3)));
            List<Message> spilled = receiveAll();
            assertThat(spilled).hasSize(1);
            OverflowMessage message = OverflowMessageCodec.withDefaults().decode(spilled.get(0).body()).value();
            assertThat(message.principal()).isEqualTo("user-a");
            assertThat(message.conversationId()).isEqualTo(conversation);
            assertThat(message.messageId()).isEqualTo("m2");
            assertThat(message.index()).isEqualTo(2);
            assertThat(message.attempt()).isEqualTo(1);
            // The text stays in the conversation store; the queue carries which message to run, not what the user wrote.
            assertThat(spilled.get(0).body()).doesNotContain("Berserk");
            assertThat(orchestrator.awaitEnd(connection, "m1")).last().isInstanceOf(Done.class);
            // At capacity 1 with a turn in flight the task is saturated; the emulators share this JVM,
            // so its CPU may be what the policy names first.
            assertThat(orchestrator.get("/metrics").body())
                    .containsPattern("turns_routed_total\\{reason=\"(task_at_capacity|task_cpu_high)\",route=\"overflow\"}");
        }
    }

    @Test
    void sendMessage_whenTheGpuEndpointIsSaturated_isDegradedOrShedNotSpilled() {
        try (SimulatedGpuFleet gpu = SimulatedGpuFleet.start("gpu-routing-saturated", 1, Duration.ofMillis(40));
             OrchestratorHarness orchestrator = OrchestratorHarness.start(aws, gpu, Map.of("orchestrator.capacity", 8))) {
            String connection = OrchestratorHarness.newConnection();
            orchestrator.sendMessage(connection, "user-a", OrchestratorHarness.newConversation(), "m1", "tell me about Vagabond");
            awaitFirstToken(orchestrator, connection);

            orchestrator.sendMessage(connection, "user-a", OrchestratorHarness.newConversation(), "m2", "and Berserk?");

            List<ServerFrame> second = orchestrator.awaitEnd(connection, "m2");
            assertThat(second.get(second.size() - 1)).satisfiesAnyOf(
                    last -> assertThat(last).isInstanceOf(Done.class),
                    last -> assertThat(last).isInstanceOfSatisfying(ErrorFrame.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY)));
            assertThat(receiveAll()).isEmpty();
            assertThat(orchestrator.get("/metrics").body()).containsPattern("turns_routed_total\\{reason=\"gpu_saturated\",route=\"(baseline|shed)\"}");
        }
    }
}
