package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.MessageKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one running attempt's lease alive while it works, and finds out when it is no longer the
 * attempt: every {@code every} it extends the lease by {@code lease}, conditional on still holding
 * the message. Recovery then takes over only attempts whose worker stopped renewing (a dead task, a
 * frozen function), however long a healthy answer streams; and an attempt another one took over (a
 * resend, the sweeper after a stall) learns it at its next renewal and stops generating, rather
 * than streaming a whole answer nobody will store. The first renewal comes one interval in, so a
 * turn shorter than that costs no write. A renewal that fails for another reason (the table
 * unreachable) changes nothing: the lease then ends on its own, as before renewals existed.
 */
final class AttemptKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptKeeper.class);

    private final ConversationStore store;
    private final MessageKey key;
    private final int attempt;
    private final Duration lease;
    private final Clock clock;
    private final ScheduledFuture<?> renewals;
    private volatile boolean current = true;

    private AttemptKeeper(ConversationStore store, MessageKey key, int attempt, Duration lease, Duration every, ScheduledExecutorService timer,
                          Clock clock) {
        this.store = store;
        this.key = key;
        this.attempt = attempt;
        this.lease = lease;
        this.clock = clock;
        this.renewals = timer.scheduleWithFixedDelay(this::renew, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    static AttemptKeeper start(ConversationStore store, MessageKey key, int attempt, Duration lease, Duration every, ScheduledExecutorService timer,
                               Clock clock) {
        return new AttemptKeeper(store, key, attempt, lease, every, timer, clock);
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
            if (!store.renew(key, attempt, clock.instant().plus(lease))) {
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
