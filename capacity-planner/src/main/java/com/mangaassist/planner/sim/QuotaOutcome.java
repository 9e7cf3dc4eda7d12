package com.mangaassist.planner.sim;

/**
 * What the per-principal token budgets did over a run's measured time (ADR 0046); the refused turns themselves are counted
 * minute by minute ({@link MinuteStats#refusedByQuota}).
 *
 * @param principalsRefused principals refused {@code quota_exceeded} at least once
 * @param tokensCharged     tokens (prompt + completion, as the model counts them) charged to principals for stored answers
 */
public record QuotaOutcome(long principalsRefused, long tokensCharged) {

    /** A run without budgets: nothing is counted. */
    public static final QuotaOutcome NONE = new QuotaOutcome(0, 0);
}
