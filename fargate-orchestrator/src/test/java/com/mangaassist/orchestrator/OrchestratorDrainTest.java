package com.mangaassist.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.Token;
import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** SIGTERM's path (a graceful context shutdown): running turns finish, queued ones spill, none is lost. */
class OrchestratorDrainTest {

    @Test
    void shutdown_whileTurnsRunAndWait_finishesTheRunningAndSpillsTheQueued() throws Exception {
        try (LocalAwsStack aws = LocalAwsStack.start();
             SimulatedGpuFleet gpu = SimulatedGpuFleet.start("gpu-drain", 32, Duration.ofMillis(30))) {
            // Baseline-only: a second turn waits in this task's queue instead of spilling at admission.
            OrchestratorHarness orchestrator = OrchestratorHarness.start(aws, gpu, Map.of("orchestrator.capacity", 1,
                    "orchestrator.spill-mode", "baseline-only", "orchestrator.drain-timeout", "20s"));
            String connection = OrchestratorHarness.newConnection();
            orchestrator.sendMessage(connection, "user-a", OrchestratorHarness.newConversation(), "running", "tell me about Vagabond");
            await().atMost(Duration.ofSeconds(20)).until(() -> orchestrator.frames(connection).stream().anyMatch(Token.class::isInstance));
            orchestrator.sendMessage(connection, "user-a", OrchestratorHarness.newConversation(), "queued", "and Berserk?");
            await().atMost(Duration.ofSeconds(5)).until(() -> orchestrator.frames(connection).contains(new Ack("queued", 0, 1, 1)));

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(orchestrator::close);
            await().atMost(Duration.ofSeconds(5)).until(() -> aws.sqs().getQueueAttributes(b -> b.queueUrl(aws.queueUrl())
                    .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages").equals("1"));
            shutdown.get(30, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(orchestrator.frames(connection)).filteredOn(f -> f instanceof Done d && d.messageId().equals("running")).hasSize(1);
            var spilled = aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl()).waitTimeSeconds(1)).messages();
            assertThat(spilled).singleElement().satisfies(m ->
                    assertThat(OverflowMessageCodec.withDefaults().decode(m.body()).value().messageId()).isEqualTo("queued"));
        }
    }
}
