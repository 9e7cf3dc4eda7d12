package com.mangaassist.orchestrator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.orchestrator.testing.OrchestratorParts;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnOutcome;
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
import java.util.concurrent.TimeUnit;
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
        parts = new OrchestratorParts(capacity, mode, withOverflow, command -> {
            ran.add(command);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TurnOutcome.ConnectionGone();
        });
        return parts;
    }

    private static GatewayRequest request(String messageId) {
        return new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-" + messageId, "user-a", "");
    }

    private static SendMessage message(String messageId) {
        return new SendMessage("c-admission", messageId, "recommend a samurai manga", "en");
    }

    private List<ServerFrame> frames() {
        return parts.connections.framesFor(CONNECTION);
    }

    @Test
    void admit_whenWithinCapacity_acksThenRunsTheTurnHere() {
        parts(2, SpillMode.HYBRID, true);

        parts.admission.admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isEqualTo(Ack.of("m1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        assertThat(ran.get(0).route()).isEqualTo(Route.BASELINE);
        assertThat(ran.get(0).degrade()).isNull();
        assertThat(parts.routed("baseline", "within_capacity")).isEqualTo(1);
        assertThat(parts.sqs.sent).isEmpty();
    }

    @Test
    void admit_whenTheTaskIsAtCapacityInHybrid_acksAndSpillsTheSameMessageToTheQueue() {
        parts(1, SpillMode.HYBRID, true);
        parts.load.turnStarted();

        parts.admission.admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isEqualTo(Ack.of("m1"));
        assertThat(parts.sqs.sent).singleElement().satisfies(sent -> {
            OverflowMessage spilled = OverflowMessageCodec.withDefaults().decode(sent.messageBody()).value();
            assertThat(spilled.connectionId()).isEqualTo(CONNECTION);
            assertThat(spilled.messageId()).isEqualTo("m1");
            assertThat(spilled.principal()).isEqualTo("user-a");
            assertThat(spilled.deadline()).isAfter(spilled.enqueuedAt());
        });
        assertThat(ran).isEmpty();
        assertThat(parts.routed("overflow", "task_at_capacity")).isEqualTo(1);
    }

    @Test
    void admit_whenTheQueueRefusesTheSpill_runsTheTurnHereWhileTheLocalBoundAllows() {
        parts(1, SpillMode.HYBRID, true);
        parts.load.turnStarted();
        parts.sqs.failing = true;

        parts.admission.admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isEqualTo(Ack.of("m1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        assertThat(parts.registry.find("overflow.spill.failed").counter().count()).isEqualTo(1);
        assertThat(parts.routed("baseline", "overflow_backlogged")).isEqualTo(1);
    }

    @Test
    void admit_whenBaselineOnlyAndBeyondTheLocalQueue_shedsWithBusyAndNoAck() {
        parts(1, SpillMode.BASELINE_ONLY, false);
        parts.load.turnStarted();
        parts.load.turnStarted();

        parts.admission.admit(request("m1"), message("m1"));

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

        parts.admission.admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isInstanceOfSatisfying(ErrorFrame.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        assertThat(ran).isEmpty();
        assertThat(parts.sqs.sent).isEmpty();
    }

    @Test
    void admit_whileDraining_spillsInsteadOfStartingHere() {
        parts(4, SpillMode.HYBRID, true);
        parts.admission.startDraining();

        parts.admission.admit(request("m1"), message("m1"));

        assertThat(parts.sqs.sent).hasSize(1);
        assertThat(ran).isEmpty();
        assertThat(parts.routed("overflow", "task_draining")).isEqualTo(1);
    }

    @Test
    void admit_whileDrainingWithNoQueue_shedsWithBusy() {
        parts(4, SpillMode.BASELINE_ONLY, false);
        parts.admission.startDraining();

        parts.admission.admit(request("m1"), message("m1"));

        assertThat(frames()).singleElement().isInstanceOfSatisfying(ErrorFrame.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.BUSY));
        assertThat(ran).isEmpty();
    }

    @Test
    void admit_whenTheConnectionIsGoneBeforeTheAck_neitherRunsNorSpills() {
        parts(2, SpillMode.HYBRID, true);
        parts.connections.markGone(CONNECTION);

        parts.admission.admit(request("m1"), message("m1"));

        assertThat(ran).isEmpty();
        assertThat(parts.sqs.sent).isEmpty();
    }
}
