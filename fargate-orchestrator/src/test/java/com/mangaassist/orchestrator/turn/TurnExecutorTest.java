package com.mangaassist.orchestrator.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.orchestrator.load.GpuLoad;
import com.mangaassist.orchestrator.load.LoadTracker;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.metrics.SampleReservoir;
import com.mangaassist.pipeline.testing.Messages;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.server.Usage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The baseline's threads and bounded queue: what counts as in flight, what is refused, what drain hands back. */
class TurnExecutorTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LoadTracker load = new LoadTracker(1, null, new GpuLoad(CircuitBreaker.ofDefaults("gpu"), System::nanoTime, Duration.ofSeconds(10)),
            () -> 0);
    private TurnExecutor executor;

    @AfterEach
    void tearDown() {
        release.countDown();
        executor.abortRunning();
    }

    private TurnExecutor executor(int threads, int queue) {
        executor = new TurnExecutor(command -> {
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    return new TurnOutcome.Superseded();
                }
            } catch (InterruptedException e) {
                interrupted.set(true);
                return new TurnOutcome.Superseded();
            }
            return new TurnOutcome.Completed(2, "mangaassist-small", new Usage(10, 5), 0, Duration.ofMillis(40), true);
        }, load, new OrchestratorMetrics(registry, new SampleReservoir(100)), threads, queue);
        return executor;
    }

    private static TurnCommand command(String messageId) {
        return Messages.command(messageId, "connExecutor001=");
    }

    @Test
    void submit_countsTheTurnInFlightUntilItEnds() {
        executor(1, 1);

        assertThat(executor.submit(command("m1"))).isTrue();
        assertThat(load.inFlight()).isEqualTo(1);
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> load.inFlight() == 0);
        assertThat(registry.find("turns.completed").counter().count()).isEqualTo(1);
    }

    @Test
    void submit_whenThreadsAndQueueAreFull_refusesWithoutCountingIt() {
        executor(1, 1);
        executor.submit(command("m1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.running() == 1);
        executor.submit(command("m2"));

        assertThat(executor.submit(command("m3"))).isFalse();
        assertThat(load.inFlight()).isEqualTo(2);
    }

    @Test
    void stopAndTakeQueued_handsBackTurnsThatNeverStartedAndRefusesNewOnes() {
        executor(1, 2);
        executor.submit(command("m1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.running() == 1);
        executor.submit(command("m2"));
        executor.submit(command("m3"));

        List<TurnCommand> queued = executor.stopAndTakeQueued(command -> { });

        assertThat(queued).extracting(TurnCommand::messageId).containsExactly("m2", "m3");
        assertThat(load.inFlight()).isEqualTo(1);
        assertThat(executor.submit(command("m4"))).isFalse();
    }

    @Test
    void abortRunning_interruptsWhatStillRuns() {
        executor(1, 1);
        executor.submit(command("m1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.running() == 1);
        executor.stopAndTakeQueued(command -> { });

        assertThat(executor.awaitRunning(Duration.ofMillis(50))).isFalse();
        executor.abortRunning();

        assertThat(executor.awaitRunning(Duration.ofSeconds(5))).isTrue();
        assertThat(interrupted).isTrue();
        assertThat(load.inFlight()).isZero();
    }
}
