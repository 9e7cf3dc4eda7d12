package com.mangaassist.gpu.health;

import com.mangaassist.gpu.engine.ChatMessage;
import com.mangaassist.gpu.engine.EngineRequest;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.gpu.lifecycle.EndpointLifecycle;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.runtime.DaemonThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health beyond "process up": every interval, a one-token generation must finish within the
 * deadline. A busy engine is not a hung one, so a tick also passes when the engine produced tokens
 * since the last tick. {@code failureThreshold} failed ticks in a row flip {@code /ping} to 503 (and
 * SageMaker replaces the instance); one good tick flips it back. Each tick also refreshes the
 * error-rate verdict.
 */
public final class EngineHealthProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineHealthProbe.class);
    private static final EngineRequest PROBE = new EngineRequest("health-probe", null,
            List.of(new ChatMessage(Role.USER, "ping")), 8, 1);

    private final InferenceEngine engine;
    private final EndpointLifecycle lifecycle;
    private final ErrorRateWindow errors;
    private final LongSupplier tokensGenerated;
    private final Duration interval;
    private final Duration deadline;
    private final int failureThreshold;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("health-probe"));
    private final ExecutorService prober = Executors.newSingleThreadExecutor(DaemonThreads.named("health-probe-call"));

    private Future<?> inFlight;
    private long lastTokens = -1;
    private int consecutiveFailures;

    public EngineHealthProbe(InferenceEngine engine, EndpointLifecycle lifecycle, ErrorRateWindow errors, LongSupplier tokensGenerated,
                             Duration interval, Duration deadline, int failureThreshold) {
        this.engine = engine;
        this.lifecycle = lifecycle;
        this.errors = errors;
        this.tokensGenerated = tokensGenerated;
        this.interval = interval;
        this.deadline = deadline;
        this.failureThreshold = failureThreshold;
    }


    private boolean started;

    /** Starts the schedule; later calls (after a recovery) keep the one schedule. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One probe; public so tests can drive it without waiting for the schedule. */
    public synchronized void tick() {
        lifecycle.errorRateProblem(errors.problem());
        String problem = probe();
        if (problem == null) {
            if (consecutiveFailures >= failureThreshold) {
                LOG.info("event=engine_recovered");
            }
            consecutiveFailures = 0;
            lifecycle.engineProblem(null);
            return;
        }
        consecutiveFailures++;
        if (consecutiveFailures >= failureThreshold) {
            if (consecutiveFailures == failureThreshold) {
                LOG.error("event=engine_unhealthy failures={} detail=\"{}\"", consecutiveFailures, problem);
            }
            lifecycle.engineProblem(problem);
        }
    }

    private String probe() {
        long tokens = tokensGenerated.getAsLong();
        boolean progressed = lastTokens >= 0 && tokens > lastTokens;
        lastTokens = tokens;
        if (inFlight != null && !inFlight.isDone()) {
            // The previous probe is still stuck inside the engine.
            return progressed ? null : "engine has not answered a health probe for over " + deadline.toSeconds() + " s";
        }
        inFlight = prober.submit(() -> {
            engine.generate(PROBE, TokenSink.DISCARD);
            return null;
        });
        try {
            inFlight.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            return progressed ? null : "engine did not answer a health probe within " + deadline.toMillis() + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "health probe interrupted";
        } catch (java.util.concurrent.ExecutionException e) {
            return "engine failed its health probe: " + e.getCause().getMessage();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        prober.shutdownNow();
    }
}
