package com.mangaassist.pipeline.usage;

/**
 * How many tokens (prompt + completion) each caller's answers may cost per UTC day and per UTC month (ADR 0046), set per
 * environment by the CDK app. 0 sets no budget for that window: usage is still counted and shown.
 */
public record TokenBudgets(long dailyTokens, long monthlyTokens) {

    public static final TokenBudgets NONE = new TokenBudgets(0, 0);

    public TokenBudgets {
        if (dailyTokens < 0 || monthlyTokens < 0) {
            throw new IllegalArgumentException("a token budget is 0 (none) or positive");
        }
    }

    /** The day's budget, {@code null} for none (as the wire reports it). */
    public Long daily() {
        return dailyTokens == 0 ? null : dailyTokens;
    }

    /** The month's budget, {@code null} for none. */
    public Long monthly() {
        return monthlyTokens == 0 ? null : monthlyTokens;
    }
}
