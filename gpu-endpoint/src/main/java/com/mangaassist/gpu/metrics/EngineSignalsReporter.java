package com.mangaassist.gpu.metrics;

import com.mangaassist.gpu.engine.PrefixCacheStats;

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
    private final java.util.function.Supplier<long[]> firstTokens;
    private final ScheduledExecutorService timer;
    private long preemptionsReported;
    private PrefixCacheStats prefixReported = PrefixCacheStats.UNKNOWN;

    EngineSignalsReporter(InferenceEngine engine, java.util.function.Supplier<long[]> firstTokens) {
        this.engine = engine;
        this.firstTokens = firstTokens;
        this.timer = null;
    }

    private EngineSignalsReporter(InferenceEngine engine, java.util.function.Supplier<long[]> firstTokens, Duration interval) {
        this.engine = engine;
        this.firstTokens = firstTokens;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("engine-signals"));
        timer.scheduleAtFixedRate(this::reportSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reports every {@code interval} from now until closed.
     *
     * @param firstTokens this instance's times to first token (ms) since the previous call: each event carries their p99
     */
    public static EngineSignalsReporter every(InferenceEngine engine, java.util.function.Supplier<long[]> firstTokens, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the engine signals interval must be positive");
        }
        return new EngineSignalsReporter(engine, firstTokens, interval);
    }

    /** The nearest-rank p99 of {@code millis}; NaN (left out of the event) when there are none. */
    static double p99(long[] millis) {
        if (millis.length == 0) {
            return Double.NaN;
        }
        long[] sorted = millis.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)];
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
        // Over the interval; NaN (left out of the event) when no prompt was looked up, or the counters restarted.
        PrefixCacheStats prefix = engine.prefixCache();
        long queried = prefix.queriedTokens() - prefixReported.queriedTokens();
        long hit = prefix.hitTokens() - prefixReported.hitTokens();
        double hitRate = queried > 0 && hit >= 0 ? (double) hit / queried : Double.NaN;
        prefixReported = prefix;
        double ttftP99 = p99(firstTokens.get());
        LOG.atInfo().addKeyValue(LogEvents.KV_CACHE_USAGE_FIELD, stats.kvCacheUsage())
                .addKeyValue(LogEvents.PREFIX_CACHE_HIT_RATE_FIELD, hitRate)
                .addKeyValue(LogEvents.TTFT_P99_FIELD, ttftP99)
                .addKeyValue(LogEvents.REQUESTS_WAITING_FIELD, stats.waiting())
                .addKeyValue(LogEvents.REQUESTS_RUNNING_FIELD, stats.running())
                .addKeyValue(LogEvents.PREEMPTIONS_FIELD, preempted)
                .log("event={} kvCacheUsage={} waiting={} running={} preemptions={} prefixCacheHitRate={} ttftP99Millis={}",
                        LogEvents.ENGINE_SIGNALS, stats.kvCacheUsage(), stats.waiting(), stats.running(), preempted, hitRate, ttftP99);
        return preempted;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
