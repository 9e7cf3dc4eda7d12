package com.mangaassist.orchestrator.admission;

import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.pipeline.redis.PrincipalTurns;
import com.mangaassist.pipeline.redis.RedisLink;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each caller's limits across all its connections and every task (ADR 0035): a token bucket of
 * messages, a cap on open connections and one on messages being answered at once ({@link PrincipalTurns}, ADR 0043), kept in Redis so that ten tasks do not grant ten times
 * the rate, and decided there by one script each (atomic, on Redis's own clock, so tasks' clocks
 * need not agree). The per-connection bucket still applies first; this one stops a caller from
 * multiplying it by opening connections.
 *
 * <p>When Redis is not configured or does not answer within its command timeout, messages fall
 * back to a bucket of the same size in this task (a caller then gets at most that per task it
 * reaches) and connections are not counted — a chat must not stop because its cache did; every
 * such answer is counted ({@code principal.limits.local}).
 */
public final class PrincipalLimits {

    private static final Logger LOG = LoggerFactory.getLogger(PrincipalLimits.class);
    private static final String PREFIX = "mangaassist:principal:";
    /**
     * How long a connection counts after it connected or last sent a message: API Gateway closes a connection idle for 10
     * minutes, so one whose $disconnect never reached us (a phone that changed networks, a removal Redis did not answer)
     * stops counting a minute after that, not at the two-hour maximum.
     */
    static final Duration CONNECTION_LIFETIME = Duration.ofMinutes(11);

    /**
     * KEYS[1] the caller's bucket (hash: t tokens, u updated ms), KEYS[2] its open connections; ARGV: tokens a second, burst,
     * the sending connection, the connection lifetime ms. Keeps the sending connection counted (it is alive) and returns 0
     * when a message may go now, else the milliseconds until one may.
     */
    private static final String TAKE_MESSAGE = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            if redis.call('ZSCORE', KEYS[2], ARGV[3]) then redis.call('ZADD', KEYS[2], 'XX', now + tonumber(ARGV[4]), ARGV[3]) end
            local rate = tonumber(ARGV[1]) / 1000
            local burst = tonumber(ARGV[2])
            local bucket = redis.call('HMGET', KEYS[1], 't', 'u')
            local tokens = tonumber(bucket[1]) or burst
            local updated = tonumber(bucket[2]) or now
            tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
            local wait = 0
            if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
            redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
            return wait
            """;
    /**
     * KEYS[1] the caller's open connections (sorted set, score = when each stops counting); ARGV: connection id, the most
     * open at once, lifetime ms. Returns 1 when the connection may open (or already counts), 0 when the caller is at its cap.
     */
    private static final String OPEN_CONNECTION = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 1 end
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    private final RedisLink redis;
    private final OrchestratorSettings.Principal limits;
    private final TokenBuckets localMessages;
    private final TokenBuckets localRatings;
    private final OrchestratorMetrics metrics;
    private final PrincipalTurns turns;

    /**
     * @param redis        {@code null} where the task has no Redis: every check is then this task's own
     * @param turnLifetime how long a turn in flight counts if no process gives its slot back (the answer deadline)
     */
    public PrincipalLimits(RedisLink redis, OrchestratorSettings.Principal limits, Duration turnLifetime, LongSupplier nanoClock,
                           OrchestratorMetrics metrics) {
        this.redis = redis;
        this.limits = limits;
        this.localMessages = new TokenBuckets(limits.messagesPerSecond(), limits.burst(), nanoClock);
        this.localRatings = new TokenBuckets(limits.messagesPerSecond(), limits.burst(), nanoClock);
        this.metrics = metrics;
        this.turns = new PrincipalTurns(redis, limits.turnsInFlight(), turnLifetime, metrics::principalLimitsLocal);
    }

    /**
     * Zero when {@code principal} may have this message answered now (it holds one of its turns in
     * flight, or held it already: a resend); otherwise how long until its oldest would end on its own.
     */
    public Duration tryStartTurn(String principal, String conversationId, String messageId) {
        return turns.tryStart(principal, conversationId, messageId);
    }

    /** The message will not be answered after all (refused, or it had already ended): its turn in flight is free. */
    public void turnNotStarted(String principal, String conversationId, String messageId) {
        turns.ended(principal, conversationId, messageId);
    }

    /** Zero when {@code principal} may send a message now (from {@code connectionId}); otherwise how long until it may. */
    public Duration tryAcquireMessage(String principal, String connectionId) {
        return tryAcquire(messagesKey(principal), localMessages, principal, connectionId, "message");
    }

    /**
     * Zero when {@code principal} may rate an answer now, at the message rate on a bucket of its own (a rating is a write and
     * an event: across connections and tasks, as messages are); otherwise how long until it may.
     */
    public Duration tryAcquireRating(String principal, String connectionId) {
        return tryAcquire(ratingsKey(principal), localRatings, principal, connectionId, "rating");
    }

    private Duration tryAcquire(String bucketKey, TokenBuckets local, String principal, String connectionId, String check) {
        if (redis != null) {
            try {
                Long waitMillis = redis.connection("rate check").sync().eval(TAKE_MESSAGE, ScriptOutputType.INTEGER,
                        new String[] {bucketKey, connectionsKey(principal)}, Double.toString(limits.messagesPerSecond()),
                        Integer.toString(limits.burst()), connectionId, Long.toString(CONNECTION_LIFETIME.toMillis()));
                return waitMillis == null || waitMillis <= 0 ? Duration.ZERO : Duration.ofMillis(waitMillis);
            } catch (RuntimeException e) {
                unanswered(check, e);
            }
        }
        return local.tryAcquire(principal);
    }

    /** Whether {@code principal} may open {@code connectionId}; counts it when so. */
    public boolean tryConnect(String principal, String connectionId) {
        if (redis == null) {
            return true;
        }
        try {
            Long allowed = redis.connection("connection check").sync().eval(OPEN_CONNECTION, ScriptOutputType.INTEGER,
                    new String[] {connectionsKey(principal)}, connectionId, Integer.toString(limits.connections()),
                    Long.toString(CONNECTION_LIFETIME.toMillis()));
            return allowed == null || allowed != 0;
        } catch (RuntimeException e) {
            unanswered("connection", e);
            return true;
        }
    }

    /** The connection closed: it stops counting (asynchronously; if Redis misses it, it stops at {@link #CONNECTION_LIFETIME}). */
    public void disconnected(String principal, String connectionId) {
        if (redis == null) {
            return;
        }
        try {
            redis.connection("disconnect").async().zrem(connectionsKey(principal), connectionId);
        } catch (RuntimeException e) {
            unanswered("disconnect", e);
        }
    }

    // One hash tag per caller: both keys of a script land on one cluster slot, as Redis requires of a script's keys.
    private static String messagesKey(String principal) {
        return PREFIX + "{" + principal + "}:messages";
    }

    private static String ratingsKey(String principal) {
        return PREFIX + "{" + principal + "}:ratings";
    }

    private static String connectionsKey(String principal) {
        return PREFIX + "{" + principal + "}:connections";
    }

    private void unanswered(String check, RuntimeException e) {
        metrics.principalLimitsLocal();
        LOG.debug("event=principal_limits_local check={} detail=\"{}\"", check, e.toString());
    }
}
