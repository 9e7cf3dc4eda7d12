package com.mangaassist.orchestrator.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket per key — a connection, or a caller when Redis does not answer
 * ({@link PrincipalLimits}): {@code perSecond} messages sustained, {@code burst} at once. Buckets
 * live as long as API Gateway's idle timeout after last use and are bounded in number, so a task
 * never grows state for connections that went away without a {@code $disconnect}.
 */
public final class TokenBuckets {

    private final double perNano;
    private final int burst;
    private final LongSupplier nanoClock;
    private final Cache<String, Bucket> buckets;

    public TokenBuckets(double perSecond, int burst, LongSupplier nanoClock) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.buckets = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(10)).build();
    }

    /** Empty when allowed; otherwise how long until one message would be. */
    public Duration tryAcquire(String key) {
        Bucket bucket = buckets.get(key, id -> new Bucket(burst, nanoClock.getAsLong()));
        synchronized (bucket) {
            long now = nanoClock.getAsLong();
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) * perNano);
            bucket.updatedAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / perNano));
        }
    }

    public void forget(String key) {
        buckets.invalidate(key);
    }

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }
}
