package com.mangaassist.orchestrator.drain;

import com.mangaassist.orchestrator.admission.TurnAdmission;
import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.overflow.OverflowPublisher;
import com.mangaassist.orchestrator.turn.TurnExecutor;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.pipeline.turn.TurnCommand;
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
 * running turns get {@code drainTimeout} to finish. A turn still running after that is interrupted
 * and ends with an {@code error} frame; its user turn is stored, so the client's retry (same
 * messageId) is answered by another task. No accepted turn is dropped silently.
 */
public final class TurnDrain implements GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger(TurnDrain.class);
    /** When the client of a turn that could not spill should send it again: by then another task has it. */
    private static final Duration RESEND_AFTER = Duration.ofSeconds(1);

    private final TurnAdmission admission;
    private final TurnExecutor executor;
    private final OverflowPublisher overflow;
    private final FrameSender frames;
    private final OrchestratorMetrics metrics;
    private final Duration drainTimeout;

    /** @param overflow {@code null} when this task has no overflow queue */
    public TurnDrain(TurnAdmission admission, TurnExecutor executor, OverflowPublisher overflow, FrameSender frames,
                     OrchestratorMetrics metrics, Duration drainTimeout) {
        this.admission = admission;
        this.executor = executor;
        this.overflow = overflow;
        this.frames = frames;
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
        List<TurnCommand> queued = executor.stopAndTakeQueued();
        int spilled = 0;
        for (TurnCommand command : queued) {
            if (overflow != null && overflow.publish(command)) {
                spilled++;
            } else {
                // Acked but never started, and nowhere to spill: tell the client to resend.
                frames.send(command.connectionId(), ReplyFrames.busyAfterAck(command.messageId(), RESEND_AFTER,
                        "the server is restarting; send the message again"));
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
}
