package com.mangaassist.gpu.health;

import java.time.Clock;
import java.time.Duration;

/**
 * Engine failures over a sliding window of one-second buckets. Unhealthy when at least
 * {@code minRequests} requests fell in the window and the failed share reached {@code threshold};
 * it recovers by itself as failures age out (SageMaker's Java model server, by contrast, stays
 * unhealthy once its limit trips).
 */
public final class ErrorRateWindow {

    private final Clock clock;
    private final int seconds;
    private final int minRequests;
    private final double threshold;
    private final long[] bucketSecond;
    private final int[] total;
    private final int[] failed;

    public ErrorRateWindow(Clock clock, Duration window, int minRequests, double threshold) {
        this.clock = clock;
        this.seconds = (int) Math.max(1, window.toSeconds());
        this.minRequests = minRequests;
        this.threshold = threshold;
        this.bucketSecond = new long[seconds];
        this.total = new int[seconds];
        this.failed = new int[seconds];
    }

    public synchronized void record(boolean success) {
        long now = clock.millis() / 1000;
        int i = (int) Math.floorMod(now, (long) seconds);
        if (bucketSecond[i] != now) {
            bucketSecond[i] = now;
            total[i] = 0;
            failed[i] = 0;
        }
        total[i]++;
        if (!success) {
            failed[i]++;
        }
    }

    /** A reason to refuse traffic, or {@code null} while the error rate is acceptable. */
    public synchronized String problem() {
        long now = clock.millis() / 1000;
        int requests = 0;
        int failures = 0;
        for (int i = 0; i < seconds; i++) {
            if (now - bucketSecond[i] < seconds) {
                requests += total[i];
                failures += failed[i];
            }
        }
        if (requests >= minRequests && failures >= threshold * requests) {
            return String.format(java.util.Locale.ROOT, "engine error rate %d/%d in the last %d s", failures, requests, seconds);
        }
        return null;
    }
}
