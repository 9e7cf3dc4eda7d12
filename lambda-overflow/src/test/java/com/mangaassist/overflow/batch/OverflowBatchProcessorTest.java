package com.mangaassist.overflow.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.mangaassist.overflow.metrics.OverflowMetrics;
import com.mangaassist.pipeline.conversation.CacheEvent;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.server.Usage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One SQS batch, from Lambda-shaped event fixtures, through the processor with the turn pipeline
 * and the idempotency table replaced at their ports: which messages come back to the queue
 * (partial batch response) and which ran exactly once.
 */
class OverflowBatchProcessorTest {

    private final List<TurnCommand> ran = new CopyOnWriteArrayList<>();
    private final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ExecutorService turns = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        turns.shutdownNow();
    }

    private OverflowBatchProcessor processor(Function<TurnCommand, TurnOutcome> outcome) {
        TurnRunner runner = command -> {
            ran.add(command);
            return outcome.apply(command);
        };
        return new OverflowBatchProcessor(runner, idempotency, metrics, turns, Duration.ofSeconds(20));
    }

    private static TurnOutcome answered(TurnCommand command) {
        return new TurnOutcome.Completed(2, "mangaassist-small", new Usage(10, 4), 0, Duration.ofMillis(30));
    }

    private static List<String> failures(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void process_standardBatchWithAPoisonMessage_returnsOnlyThePoisonAndRunsTheRestOnce() {
        SQSBatchResponse response = processor(OverflowBatchProcessorTest::answered).process(SqsEvents.load("sqs-standard.json"), () -> 60_000);

        assertThat(failures(response)).containsExactly("sqs-0002");
        assertThat(ran).extracting(TurnCommand::messageId).containsExactlyInAnyOrder("msg-0001", "msg-0002");
        assertThat(ran).allSatisfy(command -> {
            assertThat(command.route()).isEqualTo(Route.OVERFLOW);
            assertThat(command.deadline()).isNotNull();
        });
        assertThat(idempotency.records).containsOnlyKeys("conv-1#msg-0001", "conv-2#msg-0002")
                .containsValues(InMemoryIdempotencyStore.State.COMPLETED);
        assertThat(metrics.poison).isEqualTo(1);
    }

    @Test
    void process_fifoBatchWhenAGroupsFirstMessageIsHeldElsewhere_returnsTheWholeGroupInOrderAndRunsTheOther() {
        idempotency.records.put("conv-a#msg-a1", InMemoryIdempotencyStore.State.IN_PROGRESS);

        SQSBatchResponse response = processor(OverflowBatchProcessorTest::answered).process(SqsEvents.load("sqs-fifo.json"), () -> 60_000);

        assertThat(failures(response)).containsExactly("sqs-0001", "sqs-0002");
        assertThat(ran).extracting(TurnCommand::messageId).containsExactly("msg-b1");
        assertThat(metrics.groupFailed).isEqualTo(1);
    }

    @Test
    void process_whenTooLittleInvocationTimeIsLeft_defersEveryMessageAndRunsNone() {
        SQSBatchResponse response = processor(OverflowBatchProcessorTest::answered).process(SqsEvents.load("sqs-fifo.json"), () -> 5_000);

        assertThat(failures(response)).containsExactly("sqs-0001", "sqs-0002", "sqs-0003");
        assertThat(ran).isEmpty();
        assertThat(idempotency.records).isEmpty();
    }

    @Test
    void process_aRedeliveryOfAnAnsweredMessage_isSkippedAsDone() {
        idempotency.records.put("conv-1#msg-0001", InMemoryIdempotencyStore.State.COMPLETED);

        SQSBatchResponse response = processor(OverflowBatchProcessorTest::answered).process(SqsEvents.load("sqs-standard.json"), () -> 60_000);

        assertThat(failures(response)).containsExactly("sqs-0002");
        assertThat(ran).extracting(TurnCommand::messageId).containsExactly("msg-0002");
        assertThat(metrics.duplicate).isEqualTo(1);
    }

    @Test
    void process_whenTheTurnCrashes_releasesTheClaimAndReturnsTheMessage() {
        SQSBatchResponse response = processor(command -> {
            throw new IllegalStateException("pipeline crashed");
        }).process(SqsEvents.load("sqs-fifo.json"), () -> 60_000);

        assertThat(failures(response)).containsExactly("sqs-0001", "sqs-0002", "sqs-0003");
        assertThat(idempotency.records).isEmpty();
    }

    /** Counts what the processor reports. */
    private static final class RecordingMetrics implements OverflowMetrics {
        int poison;
        int deferred;
        int duplicate;
        int inProgressElsewhere;
        int groupFailed;

        @Override
        public synchronized void poison() {
            poison++;
        }

        @Override
        public synchronized void deferred() {
            deferred++;
        }

        @Override
        public synchronized void duplicate() {
            duplicate++;
        }

        @Override
        public synchronized void inProgressElsewhere() {
            inProgressElsewhere++;
        }

        @Override
        public synchronized void groupFailed() {
            groupFailed++;
        }

        @Override
        public void finished(TurnOutcome outcome) {
        }

        @Override
        public void cache(CacheEvent event) {
        }

        @Override
        public void flush() {
        }
    }
}
