package com.mangaassist.pipeline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.Closing;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.testing.InMemoryConversationStore;
import com.mangaassist.pipeline.testing.TestClock;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one owner of attempts (issue 27, ADR 0042): which rule each path claims by, and the one lease policy. */
class MessageAttemptsTest {

    private static final ConversationRef CONVERSATION = new ConversationRef("user-a", "c-1");

    private final TestClock clock = new TestClock();
    private final InMemoryConversationStore store = new InMemoryConversationStore(clock, Duration.ofDays(90));
    private final TurnTimings timings = TurnTimings.defaults();
    private final MessageAttempts attempts = new MessageAttempts(store, timings, clock);

    private StoredMessage accepted(AttemptStage stage) {
        Acceptance acceptance = attempts.accept(CONVERSATION, new NewQuestion("m1", "hello", 1, List.of(), "en", "conn-1=", "req-1"), stage);
        return ((Acceptance.Accepted) acceptance).message();
    }

    @Test
    void accept_whenRunningOrQueued_leasesForThatStage() {
        Instant now = clock.instant();

        assertThat(accepted(AttemptStage.RUNNING).leaseUntil()).isEqualTo(now.plus(timings.runningLease()));
        Acceptance queued = attempts.accept(new ConversationRef("user-a", "c-2"),
                new NewQuestion("m2", "hello", 1, List.of(), "en", "conn-1=", "req-2"), AttemptStage.QUEUED);
        assertThat(((Acceptance.Accepted) queued).message().leaseUntil()).isEqualTo(now.plus(timings.queuedLease()));
    }

    @Test
    void claimNext_whenTheWorkerMustStopBeforeTheRunningLeaseEnds_leasesOnlyUntilThen() {
        StoredMessage first = accepted(AttemptStage.QUEUED);
        Instant finishBy = clock.instant().plusSeconds(20);

        Claim claim = attempts.claimNext(first.key(), first.attempt(), finishBy);

        assertThat(claim).isInstanceOf(Claim.Claimed.class);
        assertThat(((Claim.Claimed) claim).message().leaseUntil()).isEqualTo(finishBy);
        assertThat(((Claim.Claimed) claim).message().attempt()).isEqualTo(2);
    }

    @Test
    void claimNext_whenTheAttemptIsNoLongerCurrent_claimsNothing() {
        StoredMessage first = accepted(AttemptStage.RUNNING);
        attempts.claimNext(first.key(), first.attempt(), null);

        assertThat(attempts.claimNext(first.key(), first.attempt(), null)).isInstanceOf(Claim.Held.class);
    }

    @Test
    void takeOverStranded_whileTheLeaseLives_isHeldAndAfterItEndsTakesTheNextAttempt() {
        StoredMessage first = accepted(AttemptStage.RUNNING);

        assertThat(attempts.takeOverStranded(first.key())).isInstanceOf(Claim.Held.class);

        clock.advance(timings.runningLease().plusSeconds(1));
        Claim claim = attempts.takeOverStranded(first.key());
        assertThat(claim).isInstanceOf(Claim.Claimed.class);
        assertThat(((Claim.Claimed) claim).message().leaseUntil()).isEqualTo(clock.instant().plus(timings.runningLease()));
    }

    @Test
    void takeOverResent_withinOneRenewalOfTheAttemptsStart_leavesItRunning() {
        StoredMessage first = accepted(AttemptStage.RUNNING);

        assertThat(attempts.takeOverResent(first, AttemptStage.RUNNING, "conn-2=")).isInstanceOf(Claim.Held.class);

        clock.advance(timings.attemptRenewal().plusSeconds(1));
        Claim claim = attempts.takeOverResent(first, AttemptStage.RUNNING, "conn-2=");
        assertThat(claim).isInstanceOf(Claim.Claimed.class);
        assertThat(((Claim.Claimed) claim).message().connectionId()).isEqualTo("conn-2=");
    }

    @Test
    void renew_whenTheWorkerMustStopSoon_neverLeasesPastThatAndStopsOnceSuperseded() {
        StoredMessage first = accepted(AttemptStage.RUNNING);
        clock.advance(timings.runningLease().minusSeconds(10));
        Instant finishBy = clock.instant().plusSeconds(30);

        assertThat(attempts.renew(first.key(), first.attempt(), finishBy)).isTrue();
        assertThat(store.message(first.key()).leaseUntil()).isEqualTo(finishBy);

        attempts.release(first.key(), first.attempt());
        attempts.takeOverStranded(first.key());
        assertThat(attempts.renew(first.key(), first.attempt(), null)).isFalse();
    }

    @Test
    void answerAndFail_whenAnotherAttemptHoldsTheMessage_closeNothing() {
        StoredMessage first = accepted(AttemptStage.RUNNING);
        Claim second = attempts.claimNext(first.key(), first.attempt(), null);

        assertThat(attempts.answer(first, new NewAnswer("late", 1, List.of(), Route.BASELINE, 1))).isNotInstanceOf(Closing.Closed.class);
        assertThat(attempts.fail(first, ErrorCode.INTERNAL, "late")).isNotInstanceOf(Closing.Closed.class);
        assertThat(attempts.answer(((Claim.Claimed) second).message(), new NewAnswer("answer", 1, List.of(), Route.BASELINE, 1)))
                .isInstanceOf(Closing.Closed.class);
    }
}
