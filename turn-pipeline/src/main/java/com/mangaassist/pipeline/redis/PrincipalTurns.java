package com.mangaassist.pipeline.redis;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each caller's turns in flight, across every task and the overflow function (issue 27, ADR 0043):
 * admission takes a slot for a message before storing it and is refused when the caller already
 * has {@code max} messages being answered; whichever process ends the turn (a task or the
 * function) gives the slot back. Kept in Redis as one sorted set per caller, each member a message
 * scored by when it stops counting on its own — {@code lifetime} after it was taken, the longest a
 * message can stay unanswered — so a slot whose process died never leaks for longer than that
 * (the reason ADR 0035 gave for not counting turns in flight). A message sent again while it is
 * in flight holds the one slot it has.
 *
 * <p>Without Redis, or when it does not answer, nothing is limited and nothing is counted here:
 * the caller's message rate (ADR 0035) still bounds it; {@code unanswered} is told each time.
 */
public final class PrincipalTurns {

    private static final Logger LOG = LoggerFactory.getLogger(PrincipalTurns.class);

    /**
     * KEYS[1] the caller's turns in flight; ARGV: the message, the most at once, lifetime ms. Returns 0 when the message
     * may start (it holds a slot now, or held one already), else the milliseconds until the caller's oldest slot ends on
     * its own (at least 1).
     */
    private static final String TAKE = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
              local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
              return math.max(1, tonumber(oldest[2]) - now)
            end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 0
            """;

    private final RedisLink redis;
    private final int max;
    private final Duration lifetime;
    private final Runnable unanswered;

    /**
     * @param redis      {@code null} where the process has no Redis: nothing is limited
     * @param max        the most messages one caller may have in flight
     * @param lifetime   how long a slot counts if nobody gives it back
     * @param unanswered told each time Redis did not answer and the check or release was skipped
     */
    public PrincipalTurns(RedisLink redis, int max, Duration lifetime, Runnable unanswered) {
        if (max < 1) {
            throw new IllegalArgumentException("a caller must be allowed at least one turn in flight, not " + max);
        }
        this.redis = redis;
        this.max = max;
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.unanswered = Objects.requireNonNull(unanswered, "unanswered");
    }

    /** Counts nothing and limits nothing (a process without Redis, or tests of other things). */
    public static PrincipalTurns disabled() {
        return givingBack(null);
    }

    /**
     * What a process that ends turns holds (the pipeline, on both compute paths): it only gives
     * slots back, so it knows no cap and no lifetime; admission takes them with its own.
     */
    public static PrincipalTurns givingBack(RedisLink redis) {
        return new PrincipalTurns(redis, Integer.MAX_VALUE, Duration.ofMinutes(1), () -> { });
    }

    /**
     * Takes a slot for the message; {@link Duration#ZERO} when it may start (or already held one),
     * else how long until the caller's oldest slot ends on its own.
     */
    public Duration tryStart(String principal, String conversationId, String messageId) {
        if (redis == null) {
            return Duration.ZERO;
        }
        try {
            Long waitMillis = redis.connection("turns in flight").sync().eval(TAKE, ScriptOutputType.INTEGER, new String[] {key(principal)},
                    member(conversationId, messageId), Integer.toString(max), Long.toString(lifetime.toMillis()));
            return waitMillis == null || waitMillis <= 0 ? Duration.ZERO : Duration.ofMillis(waitMillis);
        } catch (RuntimeException e) {
            skipped("take", e);
            return Duration.ZERO;
        }
    }

    /** The message ended, or was never taken in: its slot is free (asynchronously; if Redis misses it, at its lifetime). */
    public void ended(String principal, String conversationId, String messageId) {
        if (redis == null) {
            return;
        }
        try {
            redis.connection("turn ended").async().zrem(key(principal), member(conversationId, messageId));
        } catch (RuntimeException e) {
            skipped("end", e);
        }
    }

    /** The caller's key, under the same hash tag as its other limits (ADR 0035), so every key of one caller sits on one slot. */
    static String key(String principal) {
        return "mangaassist:principal:{" + principal + "}:turns";
    }

    /** The conversation's length first: no two (conversation, message) pairs share a member. */
    static String member(String conversationId, String messageId) {
        return conversationId.length() + ":" + conversationId + messageId;
    }

    private void skipped(String what, RuntimeException e) {
        unanswered.run();
        LOG.debug("event=principal_turns_skipped op={} detail=\"{}\"", what, e.toString());
    }
}
