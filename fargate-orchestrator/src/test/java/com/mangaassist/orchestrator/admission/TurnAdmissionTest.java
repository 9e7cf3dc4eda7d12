package com.mangaassist.orchestrator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.orchestrator.connection.FrameReply;
import com.mangaassist.orchestrator.testing.OrchestratorParts;
import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.ClaimRule;
import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.routing.SpillMode;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import com.mangaassist.shared.wire.gateway.GatewayRoute;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Admission over its real collaborators (policy, load, executor, spill publisher, rate limit),
 * with connections, SQS and the turn pipeline replaced at their ports: every way a message can be
 * decided, and what the client sees for each.
 */
class TurnAdmissionTest {

    private static final String CONNECTION = "connAdmission01=";

    private final List<TurnCommand> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private OrchestratorParts parts;

    @AfterEach
    void tearDown() {
        release.countDown();
        parts.close();
    }

    private OrchestratorParts parts(int capacity, SpillMode mode, boolean withOverflow) {
        parts = new OrchestratorParts(capacity, mode, withOverflow, OrchestratorParts.holdingUntil(release, ran));
        return parts;
    }

    /** Admission with its replies posted to the connection, where {@link #frames()} reads them. */
    private void admit(GatewayRequest request, SendMessage message) {
        parts.admission.admit(request, message, FrameReply.viaConnection(request.connectionId(), parts.frames));
    }

    private static GatewayRequest request(String messageId) {
        return new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-" + messageId, "user-a", "");
    }

    private static SendMessage message(String messageId) {
        return new SendMessage("c-admission", messageId, "recommend a samurai manga", "en");
    }

    private StoredMessage stored(String messageId) {
        return parts.store.all().stream().filter(m -> m.messageId().equals(messageId)).findFirst().orElse(null);
    }

    private List<ServerFrame> frames() {
        return parts.connections.framesFor(CONNECTION);
    }

    @Test
    void admit_whenWithinCapacity_acksThenRunsTheTurnHere() {
        parts(2, SpillMode.HYBRID, true);

        admit(request("m1"), message("m1"));

        // The question was stored before the ack went out: an ack means accepted.
        assertThat(stored("m1").state()).isEqualTo(MessageState.PENDING);
        assertThat(frames()).singleElement().isEqualTo(new Ack("m1", 0, 1, 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        assertThat(ran.get(0).route()).isEqualTo(Route.BASELINE);
        assertThat(ran.get(0).acked()).isTrue();
        assertThat(ran.get(0).degrade()).isNull();
        assertThat(parts.routed("baseline", "within_capacity")).isEqualTo(1);
        assertThat(parts.sqs.sent).isEmpty();
    }

    @Test
    void admit_whenTheTaskIsAtCapacityInHybrid_acksAndSpillsTheSameMessageToTheQueue() {
        parts(1, SpillMode.HYBRID, true);
        parts.load.turnStarted();

        admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isEqualTo(new Ack("m1", 0, 1, 1));
        assertThat(parts.sqs.sent).singleElement().satisfies(sent -> {
            OverflowMessage spilled = OverflowMessageCodec.withDefaults().decode(sent.messageBody()).value();
            assertThat(spilled.messageId()).isEqualTo("m1");
            assertThat(spilled.principal()).isEqualTo("user-a");
            assertThat(spilled.index()).isEqualTo(1);
            assertThat(spilled.attempt()).isEqualTo(1);
        });
        // A spilled attempt holds the message through every delivery SQS makes: recovery leaves it to the queue.
        assertThat(stored("m1").stage()).isEqualTo(AttemptStage.QUEUED);
        assertThat(stored("m1").leaseUntil()).isAfter(parts.clock.instant().plus(parts.timings.visibilityTimeout()));
        assertThat(ran).isEmpty();
        assertThat(parts.routed("overflow", "task_at_capacity")).isEqualTo(1);
    }

    @Test
    void admit_whenTheQueueRefusesTheSpill_runsTheTurnHereWhileTheLocalBoundAllows() {
        parts(1, SpillMode.HYBRID, true);
        parts.load.turnStarted();
        parts.sqs.failing = true;

        admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isEqualTo(new Ack("m1", 0, 1, 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        // The fallback runs a new attempt, taken only because the spilled one never started.
        assertThat(ran.get(0).attempt()).isEqualTo(2);
        assertThat(ran.get(0).acked()).isFalse();
        assertThat(parts.registry.find("overflow.spill.failed").counter().count()).isEqualTo(1);
        assertThat(parts.routed("baseline", "overflow_backlogged")).isEqualTo(1);
    }

    @Test
    void admit_whenTheQueueAndThenTheStoreFailAfterTheAck_releasesTheMessageForRecoveryOnceTheStoreAnswers() {
        parts(1, SpillMode.HYBRID, true);
        parts.load.turnStarted();
        parts.sqs.failing = true;
        parts.sqs.onRefusal = () -> parts.store.failWith = new IllegalStateException("DynamoDB unreachable");

        admit(request("m1"), message("m1"));
        parts.store.failWith = null;

        assertThat(frames()).singleElement().isEqualTo(new Ack("m1", 0, 1, 1));
        // Not the queued lease (minutes, with nothing on the queue): recovery may take it over at its next sweep.
        await().atMost(Duration.ofSeconds(10)).until(() -> !stored("m1").leaseUntil().isAfter(parts.clock.instant()));
        assertThat(ran).isEmpty();
    }

    @Test
    void admit_whenTheSpillLandedButItsCallFailed_runsHereAndTheQueuedCopyFindsTheMessageTakenOver() {
        parts(1, SpillMode.HYBRID, true);
        parts.load.turnStarted();
        parts.sqs.ambiguous = true;

        admit(request("m1"), message("m1"));

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        assertThat(parts.sqs.sent).hasSize(1);
        // When a Lambda gets the queued copy (made for attempt 1), attempt 2 holds the message: it is left alone.
        StoredMessage now = stored("m1");
        assertThat(parts.store.claim(now.key(), new ClaimRule.IfStillAttempt(1), parts.intake.attempts().lease(AttemptStage.RUNNING), null))
                .isInstanceOf(Claim.Held.class);
    }

    @Test
    void admit_whenTheMessageIdWasAcceptedBefore_andItEnded_refusesAsDuplicateWithoutAnAck() {
        parts(2, SpillMode.HYBRID, true);
        admit(request("m1"), message("m1"));
        StoredMessage first = stored("m1");
        parts.store.answer(first.key(), 1, new NewAnswer("answered", 1, List.of(), Route.BASELINE));
        parts.connections.clear();

        admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.DUPLICATE);
            assertThat(error.isRefusal()).isTrue();
        });
    }

    @Test
    void admit_whenAPendingMessageIsSentAgain_takesItOverWithTheNextAttempt() {
        parts(2, SpillMode.HYBRID, true);
        admit(request("m1"), message("m1"));
        // The first attempt must be running: one taken over before it starts never reaches the pipeline.
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        parts.connections.clear();
        parts.clock.advance(parts.timings.attemptRenewal());

        admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isEqualTo(new Ack("m1", 0, 2, 1));
        assertThat(parts.store.all()).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
        assertThat(ran.get(1).attempt()).isEqualTo(2);
    }

    @Test
    void admit_whenAMessageIsSentAgainSoonerThanARenewalAfterItsAttemptStarted_refusesWithRateLimitedAndStartsNothing() {
        parts(2, SpillMode.HYBRID, true);
        admit(request("m1"), message("m1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        parts.connections.clear();
        parts.clock.advance(parts.timings.attemptRenewal().minusSeconds(1));

        for (int i = 0; i < 20; i++) {
            admit(new GatewayRequest(GatewayRoute.DEFAULT, "conn" + i + "=", "req-again-" + i, "user-a", ""), message("m1"));
        }

        assertThat(parts.connections.framesFor("conn7=")).singleElement().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(error.isRefusal()).isTrue();
            assertThat(error.retryAfterMs()).isEqualTo(parts.timings.attemptRenewal().toMillis());
        });
        assertThat(stored("m1").attempt()).isEqualTo(1);
        assertThat(ran).hasSize(1);
    }

    @Test
    void admit_whenAQueuedMessageIsSentAgainFromANewConnection_pointsItThereWithoutANewAttempt() {
        parts(1, SpillMode.HYBRID, true);
        parts.load.turnStarted();
        admit(request("m1"), message("m1"));
        GatewayRequest reconnected = new GatewayRequest(GatewayRoute.DEFAULT, "connReconnected=", "req-again", "user-a", "");

        admit(reconnected, message("m1"));

        assertThat(parts.connections.framesFor("connReconnected=")).singleElement().isEqualTo(new Ack("m1", 0, 1, 1));
        assertThat(stored("m1").attempt()).isEqualTo(1);
        assertThat(stored("m1").connectionId()).isEqualTo("connReconnected=");
        assertThat(parts.sqs.sent).hasSize(1);
    }

    @Test
    void admit_whenTheStoreFails_refusesWithBusySoTheClientSendsAgain() {
        parts(2, SpillMode.HYBRID, true);
        parts.store.failWith = new IllegalStateException("DynamoDB stalled");

        admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.BUSY);
            assertThat(error.isRefusal()).isTrue();
            assertThat(error.retryAfterMs()).isPositive();
        });
        assertThat(ran).isEmpty();
    }

    @Test
    void admit_whenBaselineOnlyAndBeyondTheLocalQueue_shedsWithBusyAndNoAck() {
        parts(1, SpillMode.BASELINE_ONLY, false);
        parts.load.turnStarted();
        parts.load.turnStarted();

        admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.BUSY);
            assertThat(error.messageId()).isEqualTo("m1");
            assertThat(error.retryAfterMs()).isPositive();
        });
        assertThat(ran).isEmpty();
        assertThat(parts.routed("shed", "hard_limit_reached")).isEqualTo(1);
    }

    @Test
    void admit_whenTheConnectionRateIsExceeded_refusesWithRateLimitedAndRunsNothing() {
        parts(4, SpillMode.HYBRID, true);
        for (int i = 0; i < 100; i++) {
            parts.rateLimiter.tryAcquire(CONNECTION);
        }

        admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isInstanceOfSatisfying(ErrorFrame.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        assertThat(ran).isEmpty();
        assertThat(parts.sqs.sent).isEmpty();
    }

    @Test
    void admit_whenTheCallersRateIsExceededOnAnotherConnection_refusesWithRateLimitedAndStoresNothing() {
        parts(4, SpillMode.HYBRID, true);
        for (int i = 0; i < 100; i++) {
            parts.principals.tryAcquireMessage("user-a", "conn-other");
        }

        admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(error.message()).contains("this account");
            assertThat(error.retryAfterMs()).isPositive();
        });
        assertThat(stored("m1")).isNull();
        assertThat(ran).isEmpty();
        assertThat(parts.sqs.sent).isEmpty();
    }

    @Test
    void admit_whileDraining_spillsInsteadOfStartingHere() {
        parts(4, SpillMode.HYBRID, true);
        parts.admission.startDraining();

        admit(request("m1"), message("m1"));

        assertThat(parts.sqs.sent).hasSize(1);
        assertThat(ran).isEmpty();
        assertThat(parts.routed("overflow", "task_draining")).isEqualTo(1);
    }

    @Test
    void admit_whileDrainingWithNoQueue_shedsWithBusy() {
        parts(4, SpillMode.BASELINE_ONLY, false);
        parts.admission.startDraining();

        admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isInstanceOfSatisfying(ErrorFrame.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.BUSY));
        assertThat(ran).isEmpty();
    }

    @Test
    void admit_whenTheConnectionIsGoneBeforeTheAck_stillRunsTheStoredMessageForResume() {
        parts(2, SpillMode.HYBRID, true);
        parts.connections.markGone(CONNECTION);

        admit(request("m1"), message("m1"));

        // Stored before the (lost) ack, and run as that stored message's attempt, so a resume from the next socket finds it.
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        StoredMessage stored = stored("m1");
        assertThat(stored).isNotNull();
        assertThat(stored.state().closed()).isFalse();
        assertThat(ran.get(0).messageId()).isEqualTo("m1");
        assertThat(ran.get(0).attempt()).isEqualTo(stored.attempt());
        assertThat(ran.get(0).route()).isEqualTo(Route.BASELINE);
    }
}
