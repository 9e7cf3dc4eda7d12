package com.mangaassist.planner.sim;

/**
 * Latencies in milliseconds, in buckets 1 % wide from 0.1 ms to about 28 hours, plus a count of
 * turns that never got an answer: those sort after every answered one, so refusing work cannot
 * make a percentile look fast. Fixed memory, mergeable.
 */
public final class LogHistogram {

    private static final double MIN_MS = 0.1;
    private static final double GROWTH = Math.log(1.01);
    private static final int BUCKETS = 2100;

    private final long[] counts = new long[BUCKETS];
    private long recorded;
    private long never;

    public void record(double millis) {
        counts[bucket(millis)]++;
        recorded++;
    }

    public void recordNever() {
        never++;
    }

    public long count() {
        return recorded + never;
    }

    public long never() {
        return never;
    }

    public void add(LogHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        recorded += other.recorded;
        never += other.never;
    }

    /**
     * The {@code q} quantile in milliseconds (the bucket's upper edge, within 1 %); {@code +Inf}
     * when it falls among the turns never answered, {@code NaN} when empty.
     */
    public double quantile(double q) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        rank = Math.max(1, rank);
        if (rank > recorded) {
            return Double.POSITIVE_INFINITY;
        }
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperEdge(i);
            }
        }
        return upperEdge(BUCKETS - 1);
    }

    /** Answered turns at or under {@code millis} (bucket resolution). */
    public long atMost(double millis) {
        int limit = bucket(millis);
        long within = 0;
        for (int i = 0; i <= limit; i++) {
            within += counts[i];
        }
        return within;
    }

    static int bucket(double millis) {
        if (!(millis > MIN_MS)) {
            return 0;
        }
        int index = (int) Math.ceil(Math.log(millis / MIN_MS) / GROWTH);
        return Math.min(BUCKETS - 1, index);
    }

    static double upperEdge(int bucket) {
        return MIN_MS * Math.exp(bucket * GROWTH);
    }
}
