package com.mangaassist.orchestrator.admission;

import com.mangaassist.pipeline.conversation.MessageKey;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.shared.runtime.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends an acknowledged attempt's lease as soon as the store answers again, for an attempt that can
 * run nowhere (the queue refused its spill and the store refused the fallback's claim): without it
 * the message would wait out its whole queued lease (minutes) with nothing on the queue, while
 * recovery takes a released message over at its next sweep. Tries every second, for at most as
 * long as the lease itself would have lasted.
 */
final class ReleaseRetry {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseRetry.class);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("release-retry"));
    static final Duration EVERY = Duration.ofSeconds(1);

    private ReleaseRetry() {
    }

    static void schedule(MessageAttempts attempts, MessageKey key, int attempt, Duration atMost) {
        long tries = Math.max(1, atMost.toMillis() / EVERY.toMillis());
        TIMER.schedule(() -> attempt(attempts, key, attempt, tries), 0, TimeUnit.MILLISECONDS);
    }

    private static void attempt(MessageAttempts attempts, MessageKey key, int attempt, long triesLeft) {
        try {
            attempts.release(key, attempt);
            LOG.info("event=stranded_attempt_released messageIndex={} attempt={}", key.index(), attempt);
        } catch (RuntimeException e) {
            if (triesLeft > 1) {
                TIMER.schedule(() -> attempt(attempts, key, attempt, triesLeft - 1), EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                LOG.warn("event=stranded_attempt_not_released messageIndex={} attempt={} detail=\"{}\"", key.index(), attempt, e.toString());
            }
        }
    }
}
