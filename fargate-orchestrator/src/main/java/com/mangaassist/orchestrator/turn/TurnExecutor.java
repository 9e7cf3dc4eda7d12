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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs baseline turns: {@code capacity} threads (a turn holds one for its whole stream) and a
 * bounded queue for what the routing policy lets wait locally. Every admitted turn counts as
 * in-flight until it ends, which is the load the policy reads. On drain, turns still queued come
 * back to the caller to be spilled, and a running turn the drain interrupts — which ends its
 * lease without a terminal frame — goes to {@code handOff}, so its next attempt starts elsewhere.
 */
public final class TurnExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(TurnExecutor.class);

    private final TurnRunner pipeline;
    private final LoadTracker load;
    private final OrchestratorMetrics metrics;
    private final ThreadPoolExecutor pool;
    private final int queueLimit;
    private volatile Consumer<TurnCommand> handOff = command -> { };
    private volatile boolean stopping;

    public TurnExecutor(TurnRunner pipeline, LoadTracker load, OrchestratorMetrics metrics, int threads, int queueLimit) {
        this.pipeline = pipeline;
        this.load = load;
        this.metrics = metrics;
        this.queueLimit = Math.max(1, queueLimit);
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(this.queueLimit),
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

    /** Whether a turn submitted now would be taken (checked before a message is accepted to run here). */
    public boolean hasRoom() {
        return !pool.isShutdown() && pool.getQueue().size() < queueLimit;
    }

    /** Stops taking turns and hands back the ones that have not started. */
    public List<TurnCommand> stopAndTakeQueued(Consumer<TurnCommand> interruptedHandOff) {
        this.handOff = interruptedHandOff;
        stopping = true;
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

    /** Interrupts what still runs: each such turn ends its lease and goes to the hand-off. */
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
            MDC.put("attempt", Integer.toString(command.attempt()));
            try {
                TurnOutcome outcome = pipeline.run(command);
                metrics.finished(outcome);
                if (outcome instanceof TurnOutcome.Completed done) {
                    load.firstToken(done.ttft());
                } else if (outcome instanceof TurnOutcome.Abandoned && stopping) {
                    // Cleared: the hand-off's own calls must not see the drain's interrupt.
                    Thread.interrupted();
                    handOff.accept(command);
                }
                LOG.info("event=turn_finished outcome={}", outcome.getClass().getSimpleName());
            } finally {
                load.turnEnded();
                MDC.clear();
            }
        }
    }
}
