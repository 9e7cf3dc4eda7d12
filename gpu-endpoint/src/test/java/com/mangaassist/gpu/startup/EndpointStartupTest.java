package com.mangaassist.gpu.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.shared.testing.MutableClock;
import com.mangaassist.shared.breaker.BreakerListener;
import com.mangaassist.shared.breaker.BreakerSettings;
import com.mangaassist.shared.breaker.OomCircuitBreaker;
import com.mangaassist.gpu.engine.EngineRequest;
import com.mangaassist.gpu.engine.EngineResult;
import com.mangaassist.gpu.engine.EngineStats;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.gpu.health.EngineHealthProbe;
import com.mangaassist.gpu.health.ErrorRateWindow;
import com.mangaassist.gpu.inference.InferenceService;
import com.mangaassist.gpu.lifecycle.EndpointLifecycle;
import com.mangaassist.gpu.lifecycle.LifecycleState;
import com.mangaassist.gpu.metrics.EndpointMetrics;
import com.mangaassist.gpu.warmup.WarmupManifest;
import com.mangaassist.gpu.warmup.WarmupRunner;
import com.mangaassist.gpu.warmup.WarmupShape;
import com.mangaassist.shared.budget.BudgetPolicy;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.wire.inference.FinishReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Bringing the endpoint up, and up again after its engine died, under each bring-up's own deadline. */
class EndpointStartupTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final Duration RECOVERY_OFFSET = Duration.ofMillis(500);

    /** Answers at once on the first bring-up; the second bring-up's warm-up waits until the test lets it go. */
    private static final class GatedEngine implements InferenceEngine {
        final CountDownLatch releaseRecovery = new CountDownLatch(1);
        final AtomicInteger loads = new AtomicInteger();

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public void load() {
            loads.incrementAndGet();
        }

        @Override
        public EngineResult generate(EngineRequest request, TokenSink sink) {
            if (loads.get() > 1) {
                try {
                    releaseRecovery.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sink.onToken("ok");
            return new EngineResult(request.promptTokens(), 1, FinishReason.STOP);
        }

        @Override
        public void reset() {
        }

        @Override
        public EngineStats stats() {
            return EngineStats.UNKNOWN;
        }

        @Override
        public int maxModelLen() {
            return 8192;
        }
    }

    @Test
    void recover_whenTheFirstBringUpsDeadlinePassesDuringTheRecoveryWarmUp_doesNotKillTheRecovery() {
        GatedEngine engine = new GatedEngine();
        MutableClock clock = new MutableClock();
        EndpointLifecycle lifecycle = new EndpointLifecycle();
        EndpointMetrics metrics = new EndpointMetrics(new SimpleMeterRegistry());
        ErrorRateWindow errors = new ErrorRateWindow(clock, Duration.ofSeconds(60), 20, 0.5);
        ContextBudgetManager budget = new ContextBudgetManager(JtokkitTokenCounter.withDefaults(), BudgetPolicy.defaults());
        InferenceService service = new InferenceService(engine, budget, new OomCircuitBreaker(BreakerSettings.defaults(), clock, BreakerListener.NONE),
                errors, metrics);
        WarmupRunner warmup = new WarmupRunner(service, budget.counter(), lifecycle);
        EngineHealthProbe probe = new EngineHealthProbe(engine, lifecycle, errors, () -> 0, Duration.ofHours(1), Duration.ofSeconds(1), 3);
        RecordingTerminator terminator = new RecordingTerminator();
        WarmupManifest manifest = new WarmupManifest(DEADLINE, List.of(new WarmupShape("one", null, 32, 4)));

        try (EndpointStartup startup = new EndpointStartup(engine, warmup, manifest, lifecycle, probe, metrics, terminator)) {
            long started = System.nanoTime();
            startup.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> lifecycle.state() == LifecycleState.READY);
            // The recovery starts half a second after the first bring-up, so its own deadline falls clearly after the first one's.
            await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - started >= RECOVERY_OFFSET.toNanos());

            startup.recover();
            await().atMost(Duration.ofSeconds(5)).until(() -> lifecycle.state() == LifecycleState.WARMING);
            // The first bring-up's watchdog fires now, while the recovery warms under its own, later deadline.
            await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - started > DEADLINE.plusMillis(150).toNanos());
            assertThat(terminator.exitCode()).as("a stale watchdog ended the recovery: " + terminator.detail()).isNull();

            engine.releaseRecovery.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> lifecycle.state() == LifecycleState.READY);
            assertThat(terminator.exitCode()).isNull();
        }
    }
}
