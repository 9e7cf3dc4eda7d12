package com.mangaassist.bench.load;

import java.util.Arrays;
import java.util.Locale;

/**
 * Percentiles over every offered turn, where a turn that never got there counts as slower than
 * any that did: dropping unanswered turns would let a system that refuses work look fast.
 */
public final class LatencyStats {

    private final long[] sorted;

    /** @param nanos one value per turn; negative for a turn that never reached the measured point */
    public LatencyStats(long[] nanos) {
        this.sorted = Arrays.stream(nanos).map(n -> n < 0 ? Long.MAX_VALUE : n).sorted().toArray();
    }

    /** Nearest-rank percentile in nanoseconds; {@link Long#MAX_VALUE} when it falls on an unanswered turn, -1 when empty. */
    public long percentile(double quantile) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Milliseconds for a table cell: {@code —} when empty, {@code never} when the percentile is an unanswered turn. */
    public String millis(double quantile) {
        long value = percentile(quantile);
        if (value < 0) {
            return "—";
        }
        return value == Long.MAX_VALUE ? "never" : format(value);
    }

    public static String format(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }
}
