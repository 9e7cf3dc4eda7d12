package com.mangaassist.gpu.metrics;

import com.mangaassist.gpu.engine.EngineStats;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.runtime.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's own saturation signals, out to CloudWatch (ADR 0036): every {@code interval} one
 * {@code engine_signals} log event with KV-cache usage, requests waiting and running, and the
 * preemptions since the last event, each a top-level field ({@link LogEvents}) that the stack's
 * metric filters publish under the deployment. They are vLLM's gauges (read from its
 * {@code /metrics} every 2 s) or the simulated engine's KV model, so the alarms see a fleet filling
 * up before the time to first token shows it. A log event rather than a metric API call because
 * SageMaker collects the container's stdout and the role writes no metrics.
 */
public final class EngineSignalsReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSignalsReporter.class);

    private final InferenceEngine engine;
    private final ScheduledExecutorService timer;
    private long preemptionsReported;

    EngineSignalsReporter(InferenceEngine engine) {
        this.engine = engine;
        this.timer = null;
    }

    private EngineSignalsReporter(InferenceEngine engine, Duration interval) {
        this.engine = engine;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("engine-signals"));
        timer.scheduleAtFixedRate(this::reportSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reports every {@code interval} from now until closed. */
    public static EngineSignalsReporter every(InferenceEngine engine, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the engine signals interval must be positive");
        }
        return new EngineSignalsReporter(engine, interval);
    }

    private void reportSafely() {
        try {
            report();
        } catch (RuntimeException e) {
            // A timer task that throws is never run again: one bad reading must not end the signals.
            LOG.warn("event=engine_signals_failed detail=\"{}\"", e.toString());
        }
    }

    /** Logs one signals event; nothing while the engine has no batch limit yet (not started). Returns the preemptions it reported. */
    synchronized long report() {
        EngineStats stats = engine.stats();
        if (stats.maxRunning() == 0) {
            return 0;
        }
        // A cumulative counter that went down belongs to a restarted engine: all of it is new.
        long preempted = stats.preemptions() >= preemptionsReported ? stats.preemptions() - preemptionsReported : stats.preemptions();
        preemptionsReported = stats.preemptions();
        LOG.atInfo().addKeyValue(LogEvents.KV_CACHE_USAGE_FIELD, stats.kvCacheUsage())
                .addKeyValue(LogEvents.REQUESTS_WAITING_FIELD, stats.waiting())
                .addKeyValue(LogEvents.REQUESTS_RUNNING_FIELD, stats.running())
                .addKeyValue(LogEvents.PREEMPTIONS_FIELD, preempted)
                .log("event={} kvCacheUsage={} waiting={} running={} preemptions={}", LogEvents.ENGINE_SIGNALS, stats.kvCacheUsage(),
                        stats.waiting(), stats.running(), preempted);
        return preempted;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
