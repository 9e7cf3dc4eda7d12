package com.mangaassist.gpu.startup;

import com.mangaassist.gpu.engine.EngineException;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.health.EngineHealthProbe;
import com.mangaassist.gpu.lifecycle.EndpointLifecycle;
import com.mangaassist.gpu.lifecycle.LifecycleState;
import com.mangaassist.gpu.metrics.EndpointMetrics;
import com.mangaassist.gpu.warmup.WarmupManifest;
import com.mangaassist.gpu.warmup.WarmupRunner;
import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.runtime.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the endpoint from "process alive" to "traffic ready" in the background, while
 * {@code /ping} already answers 503 with progress: load the model, run every warmup shape, then
 * start the health probe. Any failure, or passing the manifest's deadline, ends the process with
 * exit code 1 so SageMaker replaces the instance.
 */
public final class EndpointStartup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointStartup.class);

    private final InferenceEngine engine;
    private final WarmupRunner warmup;
    private final WarmupManifest manifest;
    private final EndpointLifecycle lifecycle;
    private final EngineHealthProbe probe;
    private final EndpointMetrics metrics;
    private final ProcessTerminator terminator;
    private final AtomicInteger attempts = new AtomicInteger();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("warmup-deadline"));

    public EndpointStartup(InferenceEngine engine, WarmupRunner warmup, WarmupManifest manifest, EndpointLifecycle lifecycle,
                           EngineHealthProbe probe, EndpointMetrics metrics, ProcessTerminator terminator) {
        this.engine = engine;
        this.warmup = warmup;
        this.manifest = manifest;
        this.lifecycle = lifecycle;
        this.probe = probe;
        this.metrics = metrics;
        this.terminator = terminator;
    }

    public void start() {
        engine.whenProcessDies(this::recover);
        launch("endpoint-startup");
    }

    /**
     * The engine process died: leave traffic, reload and re-warm under a fresh deadline, as at
     * start-up. Until warmup completes again {@code /ping} is 503, so no request meets a cold engine.
     */
    public void recover() {
        synchronized (this) {
            if (lifecycle.state() == LifecycleState.FAILED) {
                return;
            }
            lifecycle.modelLoading();
        }
        LOG.warn("event=engine_recovery_started");
        launch("endpoint-recovery");
    }

    private void launch(String threadName) {
        // Each bring-up has its own deadline; an older one must not end a later attempt.
        int attempt = attempts.incrementAndGet();
        watchdog.schedule(() -> checkDeadline(attempt), manifest.deadline().toMillis(), TimeUnit.MILLISECONDS);
        DaemonThreads.start(threadName, this::bringUp);
    }

    private void bringUp() {
        long start = System.nanoTime();
        try {
            lifecycle.modelLoading();
            LOG.info("event=model_loading engine={}", engine.name());
            engine.load();
            LOG.info("event=model_loaded engine={} took_ms={}", engine.name(), (System.nanoTime() - start) / 1_000_000);
            warmup.run(manifest.shapes());
        } catch (EngineException e) {
            fail(LogEvents.MODEL_LOAD_FAILURE, "model load failed: " + e.getMessage());
            return;
        } catch (WarmupRunner.WarmupFailedException e) {
            fail(LogEvents.MODEL_LOAD_FAILURE, e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail(LogEvents.MODEL_LOAD_FAILURE, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        synchronized (this) {
            if (lifecycle.state() == LifecycleState.FAILED) {
                return; // the deadline passed while the last shape ran
            }
            lifecycle.ready();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.warmupFinished(took);
        LOG.info("event=traffic_ready shapes={} took_ms={}", manifest.shapes().size(), took.toMillis());
        probe.start();
    }

    private synchronized void checkDeadline(int attempt) {
        // Only the watchdog of the current start may fail it: a stale one (from before a recovery restarted the engine) must not
        // kill the recovery's own warm-up.
        LifecycleState state = lifecycle.state();
        if (attempt == attempts.get() && (state == LifecycleState.LOADING_MODEL || state == LifecycleState.WARMING)) {
            fail(LogEvents.WARMUP_TIMEOUT, "not traffic-ready within " + manifest.deadline().toSeconds() + " s (state "
                    + lifecycle.state() + ", " + lifecycle.warmupCompleted() + " of " + lifecycle.warmupTotal() + " shapes)");
        }
    }

    private synchronized void fail(String event, String detail) {
        if (lifecycle.state() == LifecycleState.FAILED) {
            return;
        }
        lifecycle.failed();
        terminator.terminate(1, event, detail);
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        probe.close();
    }
}
