package com.mangaassist.shared.model;

import java.util.Locale;

/** Why a turn went to the tier it went to: the dimension of the {@code model.tier.turns} metric. */
public enum TierReason {
    /** The complexity score chose the tier. */
    COMPLEXITY,
    /** The routing policy's degrade hint capped the tier the score asked for. */
    DEGRADED,
    /**
     * The score asked for the large tier, but this deployment has none ({@code -c largeTier=off}, or a
     * local run without one): the turn went to the small tier instead.
     */
    LARGE_ABSENT;

    /** The metric dimension's value: {@code complexity}, {@code degraded}, {@code large-absent}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
