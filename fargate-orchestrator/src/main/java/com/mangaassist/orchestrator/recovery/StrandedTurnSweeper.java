package com.mangaassist.orchestrator.recovery;

import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.turn.TurnExecutor;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.Closing;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.MessageKey;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.pipeline.turn.AttemptCap;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.shared.wire.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery (ADR 0019): every sweep interval (jittered, so tasks do not sweep in step) each task
 * looks for accepted messages whose attempt's lease ended without an answer — a task killed
 * mid-stream, a Lambda that timed out, a turn whose store call failed — claims the next attempt
 * (only one task's claim wins) and runs it here, answering on the connection the message last
 * answered on; if that connection is gone, the answer is stored for {@code resume}. It takes only
 * what this task has room for, and nothing while it drains. A message that has used
 * {@link AttemptCap#MAX_ATTEMPTS} attempts is failed explicitly instead of retried for ever.
 */
public final class StrandedTurnSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StrandedTurnSweeper.class);
    private static final int BATCH = 16;

    private final ConversationStore store;
    private final TurnExecutor executor;
    private final MessageAttempts attempts;
    private final FrameSender frames;
    private final OrchestratorMetrics metrics;
    private final BooleanSupplier draining;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("recovery"));

    public StrandedTurnSweeper(ConversationStore store, TurnExecutor executor, MessageAttempts attempts, FrameSender frames, OrchestratorMetrics metrics,
                               BooleanSupplier draining, Clock clock) {
        this.store = store;
        this.executor = executor;
        this.attempts = attempts;
        this.frames = frames;
        this.metrics = metrics;
        this.draining = draining;
        this.clock = clock;
    }

    /** Sweeps every {@code interval}, each time after a random quarter of it more. */
    public StrandedTurnSweeper start(Duration interval) {
        long millis = interval.toMillis();
        timer.schedule(new Runnable() {
            @Override
            public void run() {
                try {
                    sweepOnce();
                } catch (RuntimeException e) {
                    LOG.warn("event=recovery_sweep_failed detail=\"{}\"", e.toString());
                } finally {
                    if (!timer.isShutdown()) {
                        timer.schedule(this, millis + ThreadLocalRandom.current().nextLong(millis / 4 + 1), TimeUnit.MILLISECONDS);
                    }
                }
            }
        }, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One sweep over every shard; how many messages it took over. */
    public int sweepOnce() {
        List<Integer> shards = new ArrayList<>();
        for (int shard = 0; shard < store.pendingShards(); shard++) {
            shards.add(shard);
        }
        Collections.shuffle(shards);
        int taken = 0;
        for (int shard : shards) {
            for (MessageKey key : store.leaseEnded(shard, clock.instant(), BATCH)) {
                if (draining.getAsBoolean() || !executor.hasRoom()) {
                    return taken;
                }
                if (recover(key)) {
                    taken++;
                }
            }
        }
        return taken;
    }

    private boolean recover(MessageKey key) {
        Claim claim = attempts.takeOverStranded(key);
        if (!(claim instanceof Claim.Claimed claimed)) {
            return false; // another task (or a redelivery) took it first, or it just closed
        }
        StoredMessage message = claimed.message();
        if (AttemptCap.exceededBy(message.attempt())) {
            exhausted(message);
            return true;
        }
        if (!executor.submit(new TurnCommand(message, Route.BASELINE, null, null, 0, false))) {
            attempts.release(key, message.attempt());
            return false;
        }
        metrics.recovered();
        LOG.info("event=turn_recovered messageId={} conversationId={} attempt={}", message.messageId(), message.conversationId(), message.attempt());
        return true;
    }

    private void exhausted(StoredMessage message) {
        String text = AttemptCap.TEXT;
        if (attempts.fail(message, ErrorCode.INTERNAL, text) instanceof Closing.Closed) {
            metrics.recoveryExhausted();
            LOG.error("event=turn_recovery_exhausted messageId={} attempts={}", message.messageId(), AttemptCap.MAX_ATTEMPTS);
            frames.send(message.connectionId(), ReplyFrames.ack(message.messageId(), message.attempt(), message.questionSeq()));
            frames.send(message.connectionId(), ReplyFrames.attemptError(message.messageId(), ReplyFrames.FIRST_STREAMED_SEQ, message.attempt(),
                    ErrorCode.INTERNAL, text));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
