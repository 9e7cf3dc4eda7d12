package com.mangaassist.orchestrator.drain;

import com.mangaassist.orchestrator.admission.TurnAdmission;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.overflow.OverflowPublisher;
import com.mangaassist.orchestrator.turn.TurnExecutor;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.shared.domain.Route;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM does to a task (ECS gives it up to the container's stop timeout): readiness turns
 * 503 so the NLB stops sending new work, new turns spill, turns still queued here are spilled, and
 * running turns get {@code drainTimeout} to finish. A turn still running after that is interrupted:
 * it ends its lease without a terminal frame and is spilled too, so the Lambda's next attempt
 * answers it from the start (the client drops what this one showed). Without an overflow queue,
 * an unfinished turn's lease simply ends, and another task's recovery takes it over at once. No
 * accepted turn is dropped: its question is stored, and something always takes over its lease.
 */
public final class TurnDrain implements GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger(TurnDrain.class);

    private final TurnAdmission admission;
    private final TurnExecutor executor;
    private final OverflowPublisher overflow;
    private final MessageAttempts attempts;
    private final OrchestratorMetrics metrics;
    private final Duration drainTimeout;

    /** @param overflow {@code null} when this task has no overflow queue */
    public TurnDrain(TurnAdmission admission, TurnExecutor executor, OverflowPublisher overflow, MessageAttempts attempts,
                     OrchestratorMetrics metrics, Duration drainTimeout) {
        this.admission = admission;
        this.executor = executor;
        this.overflow = overflow;
        this.attempts = attempts;
        this.metrics = metrics;
        this.drainTimeout = drainTimeout;
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        return CompletableFuture.runAsync(this::drain);
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(executor.running());
    }

    void drain() {
        admission.startDraining();
        List<TurnCommand> queued = executor.stopAndTakeQueued(this::handOn);
        int spilled = 0;
        for (TurnCommand command : queued) {
            if (handOn(command)) {
                spilled++;
            }
        }
        metrics.drainedToOverflow(spilled);
        LOG.info("event=drain_started queued={} spilled={} running={}", queued.size(), spilled, executor.running());
        if (!executor.awaitRunning(drainTimeout)) {
            LOG.warn("event=drain_timeout running={}", executor.running());
            executor.abortRunning();
            executor.awaitRunning(Duration.ofSeconds(5));
        }
        LOG.info("event=drain_finished");
    }

    /** Sends an attempt that will not run here to the queue; without one, ends its lease so recovery elsewhere takes it now. */
    private boolean handOn(TurnCommand command) {
        if (overflow != null && overflow.publish(command.on(Route.OVERFLOW, null))) {
            return true;
        }
        try {
            attempts.release(command.key(), command.attempt());
        } catch (RuntimeException e) {
            LOG.warn("event=drain_release_failed messageId={} detail=\"{}\"", command.messageId(), e.toString());
        }
        return false;
    }
}
