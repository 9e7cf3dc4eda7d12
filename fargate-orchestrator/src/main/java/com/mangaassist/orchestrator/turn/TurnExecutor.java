package com.mangaassist.orchestrator.turn;

import com.mangaassist.orchestrator.load.LoadTracker;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.runtime.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs baseline turns: {@code capacity} threads (a turn holds one for its whole stream) and a
 * bounded queue for what the routing policy lets wait locally. Every admitted turn counts as
 * in-flight until it ends, which is the load the policy reads. On drain, turns still queued come
 * back to the caller to be spilled.
 */
public final class TurnExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(TurnExecutor.class);

    private final TurnRunner pipeline;
    private final LoadTracker load;
    private final OrchestratorMetrics metrics;
    private final ThreadPoolExecutor pool;

    public TurnExecutor(TurnRunner pipeline, LoadTracker load, OrchestratorMetrics metrics, int threads, int queueLimit) {
        this.pipeline = pipeline;
        this.load = load;
        this.metrics = metrics;
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, queueLimit)),
                DaemonThreads.named("turn"));
    }

    /** Queues the turn; false when the queue is full or the executor is draining (nothing was started). */
    public boolean submit(TurnCommand command) {
        load.turnStarted();
        try {
            pool.execute(new QueuedTurn(command));
            return true;
        } catch (RejectedExecutionException e) {
            load.turnEnded();
            return false;
        }
    }

    /** Stops taking turns and hands back the ones that have not started. */
    public List<TurnCommand> stopAndTakeQueued() {
        pool.shutdown();
        List<Runnable> queued = new ArrayList<>();
        pool.getQueue().drainTo(queued);
        List<TurnCommand> commands = new ArrayList<>(queued.size());
        for (Runnable runnable : queued) {
            commands.add(((QueuedTurn) runnable).command);
            load.turnEnded();
        }
        return commands;
    }

    /** Waits for running turns; true when all finished within the timeout. */
    public boolean awaitRunning(Duration timeout) {
        try {
            return pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Interrupts what still runs: each such turn ends with an error frame and a stored user turn to retry. */
    public void abortRunning() {
        pool.shutdownNow();
    }

    public int running() {
        return pool.getActiveCount();
    }

    private final class QueuedTurn implements Runnable {
        private final TurnCommand command;

        QueuedTurn(TurnCommand command) {
            this.command = command;
        }

        @Override
        public void run() {
            MDC.put("requestId", command.requestId());
            MDC.put("conversationId", command.conversationId());
            MDC.put("messageId", command.messageId());
            try {
                TurnOutcome outcome = pipeline.run(command);
                metrics.finished(outcome);
                if (outcome instanceof TurnOutcome.Completed done) {
                    load.firstToken(done.ttft());
                }
                LOG.info("event=turn_finished outcome={}", outcome.getClass().getSimpleName());
            } finally {
                load.turnEnded();
                MDC.clear();
            }
        }
    }
}
