package com.mangaassist.orchestrator.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.orchestrator.testing.OrchestratorParts;
import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.ClaimRule;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.turn.AttemptCap;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.routing.SpillMode;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.ErrorFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Recovery: messages whose attempt's lease ended unanswered are taken over once, run here, and failed explicitly in the end. */
class StrandedTurnSweeperTest {

    private static final String CONNECTION = "connRecovery001=";

    private final List<TurnCommand> ran = new CopyOnWriteArrayList<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final OrchestratorParts parts = new OrchestratorParts(2, SpillMode.HYBRID, true, command -> {
        ran.add(command);
        return new TurnOutcome.Superseded();
    });
    private final StrandedTurnSweeper sweeper = new StrandedTurnSweeper(parts.store, parts.executor, parts.intake.attempts(), parts.frames, parts.metrics,
            draining::get, parts.clock);

    @AfterEach
    void tearDown() {
        sweeper.close();
        parts.close();
    }

    private StoredMessage accepted(String messageId) {
        return ((Acceptance.Accepted) parts.store.accept(new ConversationRef("user-a", "c-" + messageId),
                new NewQuestion(messageId, "hello", 2, List.of(), "en", CONNECTION, "req"),
                Lease.running(parts.clock.instant().plus(parts.timings.runningLease())))).message();
    }

    @Test
    void sweepOnce_whenALeaseEndedUnanswered_takesTheMessageOverOnceAndRunsItOnItsConnection() {
        StoredMessage stranded = accepted("m1");
        accepted("m2"); // still within its lease: a healthy attempt is never taken over
        parts.clock.advance(parts.timings.runningLease().minusSeconds(1));
        accepted("m3");
        parts.clock.advance(Duration.ofSeconds(2));

        int taken = sweeper.sweepOnce();
        int again = sweeper.sweepOnce();

        assertThat(taken).isEqualTo(2);
        assertThat(again).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
        assertThat(ran).extracting(TurnCommand::messageId).containsExactlyInAnyOrder("m1", "m2");
        assertThat(ran).allSatisfy(command -> {
            assertThat(command.attempt()).isEqualTo(2);
            assertThat(command.acked()).isFalse();
            assertThat(command.connectionId()).isEqualTo(CONNECTION);
        });
        assertThat(parts.store.message(stranded.key()).attempt()).isEqualTo(2);
        assertThat(parts.registry.find("turns.recovered").counter().count()).isEqualTo(2);
    }

    @Test
    void sweepOnce_whenAMessageUsedItsLastAttempt_failsItExplicitlyInsteadOfRetryingForEver() {
        StoredMessage message = accepted("m1");
        for (int i = 1; i < AttemptCap.MAX_ATTEMPTS; i++) {
            parts.store.claim(message.key(), new ClaimRule.Resend(parts.clock.instant()), Lease.running(parts.clock.instant()), null);
        }
        parts.clock.advance(Duration.ofSeconds(1));

        sweeper.sweepOnce();

        assertThat(parts.store.message(message.key()).state()).isEqualTo(MessageState.FAILED);
        assertThat(parts.connections.framesFor(CONNECTION)).last().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(error.attempt()).isEqualTo(AttemptCap.MAX_ATTEMPTS + 1);
            assertThat(error.message()).isEqualTo(AttemptCap.TEXT);
        });
        assertThat(ran).isEmpty();
    }

    @Test
    void sweepOnce_whileTheTaskDrains_takesNothing() {
        accepted("m1");
        parts.clock.advance(parts.timings.runningLease().plusSeconds(1));
        draining.set(true);

        assertThat(sweeper.sweepOnce()).isZero();
        assertThat(ran).isEmpty();
    }
}
