package com.mangaassist.pipeline.conversation;

import java.util.Objects;

/** The tokens a caller's answers were charged in the windows of {@code periods} (ADR 0046). */
public record UsageTotals(UsagePeriods periods, long dayTokens, long monthTokens) {

    public UsageTotals {
        Objects.requireNonNull(periods, "periods");
        if (dayTokens < 0 || monthTokens < 0) {
            throw new IllegalArgumentException("tokens charged are never negative");
        }
    }

    public static UsageTotals none(UsagePeriods periods) {
        return new UsageTotals(periods, 0, 0);
    }
}
