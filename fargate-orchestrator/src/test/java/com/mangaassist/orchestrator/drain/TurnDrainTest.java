package com.mangaassist.orchestrator.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.orchestrator.testing.OrchestratorParts;
import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.ClaimRule;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.routing.SpillMode;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SIGTERM's drain: queued turns spill, running ones finish or are handed on; no accepted turn is dropped. */
class TurnDrainTest {

    private static final ConversationRef CONVERSATION = new ConversationRef("user-a", "c-drain");

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private OrchestratorParts parts;

    @AfterEach
    void tearDown() {
        release.countDown();
        parts.close();
    }

    private TurnDrain drain(boolean withOverflow, Duration drainTimeout) {
        parts = new OrchestratorParts(1, withOverflow ? SpillMode.HYBRID : SpillMode.BASELINE_ONLY, withOverflow, command -> {
            started.add(command.messageId());
            try {
                release.await(10, TimeUnit.SECONDS);
                return new TurnOutcome.Superseded();
            } catch (InterruptedException e) {
                // What the pipeline does when a drain interrupts it: its lease ends, nothing terminal goes out.
                interrupted.set(true);
                parts.store.release(command.key(), command.attempt());
                return new TurnOutcome.Abandoned("interrupted");
            }
        });
        return new TurnDrain(parts.admission, parts.executor, parts.overflow, parts.intake.attempts(), parts.metrics, drainTimeout);
    }

    private void runningPlusQueued() {
        parts.executor.submit(command("m1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("m1"));
        parts.executor.submit(command("m2"));
    }

    private TurnCommand command(String messageId) {
        StoredMessage message = ((Acceptance.Accepted) parts.store.accept(CONVERSATION,
                new NewQuestion(messageId, "hello", 2, List.of(), "en", "connDrain000001=", "req-" + messageId),
                Lease.running(parts.clock.instant().plusSeconds(70)))).message();
        return new TurnCommand(message, Route.BASELINE, null, null, 0, true);
    }

    private List<String> spilledMessageIds() {
        return parts.sqs.sent.stream().map(s -> OverflowMessageCodec.withDefaults().decode(s.messageBody()).value().messageId()).toList();
    }

    @Test
    void drain_withAQueue_spillsTheQueuedTurnAndLetsTheRunningOneFinish() throws Exception {
        TurnDrain drain = drain(true, Duration.ofSeconds(10));
        runningPlusQueued();

        Thread draining = new Thread(drain::drain);
        draining.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> parts.sqs.sent.size() == 1);
        assertThat(parts.admission.draining()).isTrue();
        release.countDown();
        draining.join(10_000);

        assertThat(started).containsExactly("m1");
        assertThat(spilledMessageIds()).containsExactly("m2");
        assertThat(interrupted).isFalse();
        assertThat(parts.registry.find("drain.spilled").counter().count()).isEqualTo(1);
    }

    @Test
    void drain_withoutAQueue_endsTheQueuedTurnsLeaseSoAnotherTaskRecoversItAtOnce() throws Exception {
        TurnDrain drain = drain(false, Duration.ofSeconds(10));
        runningPlusQueued();

        // m1 is released only once the drain has taken m2 from the queue: released earlier, m1 could finish and m2 start
        // running before the drain looked, and a running turn is not the queued one this test is about.
        Thread draining = new Thread(drain::drain);
        draining.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> parts.store.all().stream()
                .anyMatch(m -> m.messageId().equals("m2") && m.leaseExpired(parts.clock.instant())));
        release.countDown();
        draining.join(10_000);

        assertThat(started).containsExactly("m1");
        StoredMessage queued = parts.store.all().stream().filter(m -> m.messageId().equals("m2")).findFirst().orElseThrow();
        assertThat(parts.store.claim(queued.key(), new ClaimRule.IfLeaseEnded(), parts.intake.attempts().lease(
                com.mangaassist.pipeline.conversation.AttemptStage.RUNNING), null)).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void drain_whenARunningTurnOutlastsTheTimeout_interruptsItAndSpillsItForTheNextAttempt() {
        TurnDrain drain = drain(true, Duration.ofMillis(100));
        runningPlusQueued();

        drain.drain();

        assertThat(interrupted).isTrue();
        assertThat(parts.executor.running()).isZero();
        assertThat(spilledMessageIds()).containsExactlyInAnyOrder("m2", "m1");
    }
}
