package com.mangaassist.overflow.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.mangaassist.overflow.metrics.OverflowMetrics;
import com.mangaassist.pipeline.conversation.CacheEvent;
import com.mangaassist.pipeline.conversation.ClaimRule;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.MessageKey;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.testing.InMemoryConversationStore;
import com.mangaassist.pipeline.testing.TestClock;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.server.Usage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One SQS batch, from Lambda-shaped event fixtures, through the processor with the turn pipeline
 * replaced at its port and the conversation store in memory: which messages come back to the
 * queue (partial batch response), which attempt ran, and that a redelivery never runs a message a
 * live attempt holds.
 */
class OverflowBatchProcessorTest {

    private static final String PRINCIPAL = "user-7f3a";
    private static final long MINUTE = 60_000;

    private final List<TurnCommand> ran = new CopyOnWriteArrayList<>();
    private final TestClock clock = new TestClock();
    private final InMemoryConversationStore store = new InMemoryConversationStore(clock, Duration.ofDays(90));
    private final TurnTimings timings = TurnTimings.defaults();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ExecutorService turns = Executors.newCachedThreadPool();

    @BeforeEach
    void acceptTheSpilledMessages() {
        // What the orchestrator stored before it spilled each message (attempt 1, queued).
        for (String[] m : new String[][] {{"conv-1", "msg-0001"}, {"conv-2", "msg-0002"}, {"conv-a", "msg-a1"}, {"conv-a", "msg-a2"},
                {"conv-b", "msg-b1"}}) {
            store.accept(new ConversationRef(PRINCIPAL, m[0]), new NewQuestion(m[1], "Recommend a manga like Vinland Saga", 9, List.of(), "en",
                    "L0SM9cOFvHcCIhw=", "req-" + m[1]), Lease.queued(clock.instant().plus(timings.queuedLease())));
        }
    }

    @AfterEach
    void tearDown() {
        turns.shutdownNow();
    }

    private OverflowBatchProcessor processor(Function<TurnCommand, TurnOutcome> outcome) {
        TurnRunner runner = command -> {
            ran.add(command);
            return outcome.apply(command);
        };
        return new OverflowBatchProcessor(runner, new MessageAttempts(store, timings, clock), metrics, turns, clock);
    }

    private static TurnOutcome answered(TurnCommand command) {
        return new TurnOutcome.Completed(2, "mangaassist-small", new Usage(10, 4), 0, Duration.ofMillis(30), true);
    }

    private static List<String> failures(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private static MessageKey key(String conversation, long index) {
        return new ConversationRef(PRINCIPAL, conversation).message(index);
    }

    @Test
    void process_standardBatchWithAPoisonMessage_returnsOnlyThePoisonAndRunsTheNextAttemptOfTheRest() {
        SQSBatchResponse response = processor(OverflowBatchProcessorTest::answered).process(SqsEvents.load("sqs-standard.json"), () -> 2 * MINUTE);

        assertThat(failures(response)).containsExactly("sqs-0002");
        assertThat(ran).extracting(TurnCommand::messageId).containsExactlyInAnyOrder("msg-0001", "msg-0002");
        assertThat(ran).allSatisfy(command -> {
            assertThat(command.route()).isEqualTo(Route.OVERFLOW);
            assertThat(command.attempt()).isEqualTo(2);
            assertThat(command.acked()).isFalse();
            assertThat(command.connectionId()).isEqualTo("L0SM9cOFvHcCIhw=");
            // The stream is bounded by what is left of the invocation.
            assertThat(command.finishBy()).isEqualTo(clock.instant().plusMillis(2 * MINUTE));
        });
        assertThat(metrics.poison).isEqualTo(1);
    }

    @Test
    void process_aRedeliveryWhileTheFirstInvocationStillRuns_leavesTheMessageToIt() {
        // The first invocation claimed attempt 2 and runs it under a lease of its remaining time.
        store.claim(key("conv-1", 1), new ClaimRule.IfStillAttempt(1), Lease.running(clock.instant().plusSeconds(80)), null);

        SQSBatchResponse response = processor(OverflowBatchProcessorTest::answered).process(SqsEvents.load("sqs-standard.json"), () -> 2 * MINUTE);

        assertThat(failures(response)).containsExactly("sqs-0002");
        assertThat(ran).extracting(TurnCommand::messageId).containsExactly("msg-0002");
        assertThat(metrics.inProgressElsewhere).isEqualTo(1);
    }

    @Test
    void process_aRedeliveryAfterTheFirstInvocationDied_takesTheMessageOverOnceItsLeaseEnded() {
        store.claim(key("conv-1", 1), new ClaimRule.IfStillAttempt(1), Lease.running(clock.instant().plusSeconds(80)), null);
        clock.advance(Duration.ofSeconds(81));

        processor(OverflowBatchProcessorTest::answered).process(SqsEvents.load("sqs-standard.json"), () -> 2 * MINUTE);

        assertThat(ran).filteredOn(c -> c.messageId().equals("msg-0001")).singleElement()
                .satisfies(command -> assertThat(command.attempt()).isEqualTo(3));
    }

    @Test
    void process_fifoBatchWhenAGroupsFirstMessageIsStillToRunButTheInvocationFails_returnsTheWholeGroupInOrder() {
        store.failWith = null;
        SQSBatchResponse response = processor(command -> {
            if (command.messageId().equals("msg-a1")) {
                throw new IllegalStateException("the store failed mid-turn");
            }
            return answered(command);
        }).process(SqsEvents.load("sqs-fifo.json"), () -> 2 * MINUTE);

        assertThat(failures(response)).containsExactly("sqs-0001", "sqs-0002");
        assertThat(ran).extracting(TurnCommand::messageId).containsExactlyInAnyOrder("msg-a1", "msg-b1");
        assertThat(metrics.groupFailed).isEqualTo(1);
    }

    @Test
    void process_whenTooLittleInvocationTimeIsLeft_defersEveryMessageAndClaimsNone() {
        SQSBatchResponse response = processor(OverflowBatchProcessorTest::answered).process(SqsEvents.load("sqs-fifo.json"),
                () -> timings.minRemainingToStart().toMillis() - 1);

        assertThat(failures(response)).containsExactly("sqs-0001", "sqs-0002", "sqs-0003");
        assertThat(ran).isEmpty();
        assertThat(store.message(key("conv-a", 1)).attempt()).isEqualTo(1);
        assertThat(metrics.deferred).isEqualTo(2);
    }

    @Test
    void process_aDeliveryOfAnAnsweredMessage_isSkippedAsDone() {
        store.answer(key("conv-1", 1), 1, new NewAnswer("answered by the fallback", 3, List.of(), Route.BASELINE));

        SQSBatchResponse response = processor(OverflowBatchProcessorTest::answered).process(SqsEvents.load("sqs-standard.json"), () -> 2 * MINUTE);

        assertThat(failures(response)).containsExactly("sqs-0002");
        assertThat(ran).extracting(TurnCommand::messageId).containsExactly("msg-0002");
        assertThat(metrics.duplicate).isEqualTo(1);
    }

    @Test
    void process_whenTheTurnCouldNotFinishInTime_returnsTheMessageForTheNextAttempt() {
        SQSBatchResponse response = processor(command -> new TurnOutcome.Abandoned("out of time mid-answer"))
                .process(SqsEvents.load("sqs-standard.json"), () -> 2 * MINUTE);

        assertThat(failures(response)).containsExactly("sqs-0001", "sqs-0002", "sqs-0003");
    }

    @Test
    void process_whenTheStoreIsDown_returnsEveryMessage() {
        store.failWith = new IllegalStateException("DynamoDB stalled");

        SQSBatchResponse response = processor(OverflowBatchProcessorTest::answered).process(SqsEvents.load("sqs-standard.json"), () -> 2 * MINUTE);

        assertThat(failures(response)).containsExactly("sqs-0001", "sqs-0002", "sqs-0003");
        assertThat(ran).isEmpty();
    }

    /** Counts what the processor reports. */
    private static final class RecordingMetrics implements OverflowMetrics {
        int poison;
        int deferred;
        int duplicate;
        int inProgressElsewhere;
        int groupFailed;

        @Override
        public void retrieval(com.mangaassist.shared.wire.events.RetrievalFigures figures) {
        }

        @Override
        public void modelTier(com.mangaassist.shared.model.ModelSelection selection) {
        }

        @Override
        public void gpuSession(com.mangaassist.pipeline.affinity.SessionOutcome outcome) {
        }

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
