package com.mangaassist.shared.routing;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The p99 of the most recent {@code size} samples no older than {@code maxAge} (a ring buffer of
 * timestamped samples), recomputed at most every {@code refresh} so the routing decision on every
 * turn reads a cached value.
 *
 * <p>The age bound matters for routing: once a slow first token pushes the task into TTFT
 * pressure, new turns spill and no new samples arrive here. Without it the slow samples would
 * stay the p99 forever and the task would never take turns again; with it the signal decays to
 * "no recent evidence" and the task recovers.
 */
public final class LatencyWindow {

    private final long[] samples;
    private final long[] recordedAt;
    private final long maxAgeNanos;
    private final long refreshNanos;
    private final LongSupplier clock;
    private int next;
    private int count;
    private volatile boolean computed;
    private volatile long computedAt;
    private volatile Duration p99 = Duration.ZERO;

    public LatencyWindow(int size, Duration maxAge, Duration refresh, LongSupplier nanoClock) {
        this.samples = new long[size];
        this.recordedAt = new long[size];
        this.maxAgeNanos = maxAge.toNanos();
        this.refreshNanos = refresh.toNanos();
        this.clock = nanoClock;
    }

    public synchronized void record(Duration latency) {
        samples[next] = latency.toNanos();
        recordedAt[next] = clock.getAsLong();
        next = (next + 1) % samples.length;
        count = Math.min(count + 1, samples.length);
    }

    public Duration p99() {
        long now = clock.getAsLong();
        if (!computed || now - computedAt >= refreshNanos) {
            recompute(now);
        }
        return p99;
    }

    private synchronized void recompute(long now) {
        long[] recent = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (now - recordedAt[i] <= maxAgeNanos) {
                recent[n++] = samples[i];
            }
        }
        if (n == 0) {
            p99 = Duration.ZERO;
        } else {
            Arrays.sort(recent, 0, n);
            p99 = Duration.ofNanos(recent[(int) Math.ceil(n * 0.99) - 1]);
        }
        computedAt = now;
        computed = true;
    }
}
