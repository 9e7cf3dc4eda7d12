package com.mangaassist.orchestrator.load;

import java.time.Duration;
import java.util.Arrays;

/**
 * The p99 of the most recent {@code size} samples (a ring buffer), recomputed at most every
 * {@code refresh} so the routing decision on every turn reads a cached value.
 */
public final class LatencyWindow {

    private final long[] samples;
    private final long refreshNanos;
    private int next;
    private int count;
    private volatile boolean computed;
    private volatile long computedAt;
    private volatile Duration p99 = Duration.ZERO;

    public LatencyWindow(int size, Duration refresh) {
        this.samples = new long[size];
        this.refreshNanos = refresh.toNanos();
    }

    public synchronized void record(Duration latency) {
        samples[next] = latency.toNanos();
        next = (next + 1) % samples.length;
        count = Math.min(count + 1, samples.length);
    }

    public Duration p99(long nowNanos) {
        if (!computed || nowNanos - computedAt >= refreshNanos) {
            recompute(nowNanos);
        }
        return p99;
    }

    private synchronized void recompute(long nowNanos) {
        if (count == 0) {
            p99 = Duration.ZERO;
        } else {
            long[] sorted = Arrays.copyOf(samples, count);
            Arrays.sort(sorted);
            p99 = Duration.ofNanos(sorted[(int) Math.ceil(count * 0.99) - 1]);
        }
        computedAt = nowNanos;
        computed = true;
    }
}
