package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.conversation.MessageKey;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one running attempt's lease alive while it works, and finds out when it is no longer the
 * attempt: every {@code every} it extends the lease as {@link MessageAttempts} says (a running
 * lease from now, never past the worker's {@code finishBy}), conditional on still holding
 * the message. Recovery then takes over only attempts whose worker stopped renewing (a dead task, a
 * frozen function), however long a healthy answer streams; and an attempt another one took over (a
 * resend, the sweeper after a stall) learns it at its next renewal and stops generating, rather
 * than streaming a whole answer nobody will store. The first renewal comes one interval in, so a
 * turn shorter than that costs no write. A renewal that fails for another reason (the table
 * unreachable) changes nothing: the lease then ends on its own, as before renewals existed.
 */
final class AttemptKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptKeeper.class);

    private final MessageAttempts attempts;
    private final MessageKey key;
    private final int attempt;
    private final Instant finishBy;
    private final ScheduledFuture<?> renewals;
    private volatile boolean current = true;

    private AttemptKeeper(MessageAttempts attempts, MessageKey key, int attempt, Instant finishBy, Duration every, ScheduledExecutorService timer) {
        this.attempts = attempts;
        this.key = key;
        this.attempt = attempt;
        this.finishBy = finishBy;
        this.renewals = timer.scheduleWithFixedDelay(this::renew, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @param finishBy when the worker must stop (a Lambda's remaining time); null for a task */
    static AttemptKeeper start(MessageAttempts attempts, MessageKey key, int attempt, Instant finishBy, Duration every, ScheduledExecutorService timer) {
        return new AttemptKeeper(attempts, key, attempt, finishBy, every, timer);
    }

    /** False once a renewal found another attempt holding the message, or the message closed, or {@link #superseded()} said so. */
    boolean current() {
        return current;
    }

    int attempt() {
        return attempt;
    }

    /** A takeover in this process replaced this attempt: it stops at its next token, without waiting for a renewal. */
    void superseded() {
        if (current) {
            current = false;
            renewals.cancel(false);
            LOG.info("event=attempt_superseded messageIndex={} attempt={} detail=\"taken over in this process: this one stops\"", key.index(), attempt);
        }
    }

    private void renew() {
        if (!current) {
            return;
        }
        try {
            if (!attempts.renew(key, attempt, finishBy)) {
                current = false;
                renewals.cancel(false);
                LOG.info("event=attempt_superseded messageIndex={} attempt={} detail=\"another attempt holds the message: this one stops\"",
                        key.index(), attempt);
            }
        } catch (RuntimeException e) {
            LOG.warn("event=lease_renewal_failed messageIndex={} attempt={} detail=\"{}\"", key.index(), attempt, e.toString());
        }
    }

    @Override
    public void close() {
        renewals.cancel(false);
    }
}
