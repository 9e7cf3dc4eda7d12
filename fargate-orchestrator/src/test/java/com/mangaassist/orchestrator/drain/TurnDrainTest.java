package com.mangaassist.orchestrator.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.orchestrator.testing.OrchestratorParts;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.routing.SpillMode;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.server.ErrorFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SIGTERM's drain: queued turns spill (or are told to resend), running ones finish or are cut off, nothing is dropped silently. */
class TurnDrainTest {

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
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return new TurnOutcome.ConnectionGone();
        });
        return new TurnDrain(parts.admission, parts.executor, parts.overflow, parts.frames, parts.metrics, drainTimeout);
    }

    private void runningPlusQueued() {
        parts.executor.submit(command("m1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("m1"));
        parts.executor.submit(command("m2"));
    }

    private static TurnCommand command(String messageId) {
        return new TurnCommand("connDrain000001=", "user-a", "req-" + messageId, new SendMessage("c-1", messageId, "hello", "en"),
                Route.BASELINE, null, null);
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
        assertThat(interrupted).isFalse();
        assertThat(parts.registry.find("drain.spilled").counter().count()).isEqualTo(1);
    }

    @Test
    void drain_withoutAQueue_tellsTheQueuedTurnsClientToResend() {
        TurnDrain drain = drain(false, Duration.ofSeconds(10));
        runningPlusQueued();
        release.countDown();

        drain.drain();

        assertThat(parts.connections.framesFor("connDrain000001=")).singleElement().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.messageId()).isEqualTo("m2");
            assertThat(error.code()).isEqualTo(ErrorCode.BUSY);
        });
    }

    @Test
    void drain_whenARunningTurnOutlastsTheTimeout_interruptsIt() {
        TurnDrain drain = drain(true, Duration.ofMillis(100));
        runningPlusQueued();

        drain.drain();

        assertThat(interrupted).isTrue();
        assertThat(parts.executor.running()).isZero();
    }
}
