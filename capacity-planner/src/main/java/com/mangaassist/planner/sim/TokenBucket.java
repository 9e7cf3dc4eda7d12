package com.mangaassist.planner.sim;

/**
 * API Gateway's throttle: a bucket of {@code burst} tokens refilled at {@code rate} per second;
 * a request takes one token or is refused (429).
 */
public final class TokenBucket {

    private final double rate;
    private final double burst;
    private double tokens;
    private double updatedAt = Double.NaN;

    public TokenBucket(double rate, double burst) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
    }

    public boolean tryTake(double now) {
        if (Double.isNaN(updatedAt)) {
            updatedAt = now;
        }
        tokens = Math.min(burst, tokens + (now - updatedAt) * rate);
        updatedAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
