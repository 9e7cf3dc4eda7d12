package com.mangaassist.infra.config;

/**
 * Each caller's token budgets (issue 30, ADR 0046): tokens (prompt + completion) one principal may
 * use per UTC day and per UTC month, across both compute paths; 0 sets no budget for that window.
 * The services enforce them (turn-pipeline's {@code PipelineSettings.Quota}); the stack only tells
 * both the same values ({@code TurnPipelineAccess}).
 *
 * @param dailyTokens   0 (no daily budget) or a positive count, {@code -c quotaDailyTokens}
 * @param monthlyTokens 0 (no monthly budget) or a positive count, at least {@code dailyTokens} where both are set,
 *                      {@code -c quotaMonthlyTokens}
 */
public record TokenBudgets(long dailyTokens, long monthlyTokens) {

    /** No budget in either window: every caller may use as many tokens as the platform serves. */
    public static final TokenBudgets NONE = new TokenBudgets(0, 0);

    public TokenBudgets {
        if (dailyTokens < 0) {
            throw InvalidContextException.invalid(ContextKeys.QUOTA_DAILY_TOKENS, dailyTokens,
                    "0 (no daily budget) or a positive number of tokens");
        }
        if (monthlyTokens < 0) {
            throw InvalidContextException.invalid(ContextKeys.QUOTA_MONTHLY_TOKENS, monthlyTokens,
                    "0 (no monthly budget) or a positive number of tokens");
        }
        // A month holds every one of its days: a smaller monthly budget would make the daily one unreachable, which is a
        // typo (a zero too few) far more often than an intent.
        if (dailyTokens > 0 && monthlyTokens > 0 && monthlyTokens < dailyTokens) {
            throw InvalidContextException.invalid(ContextKeys.QUOTA_MONTHLY_TOKENS, monthlyTokens,
                    "0 (no monthly budget) or at least " + ContextKeys.QUOTA_DAILY_TOKENS + " (" + dailyTokens + ")");
        }
    }

    /** These budgets with the keys read from context (absent keys keep these values). */
    public TokenBudgets withOverridesFrom(ContextReader context) {
        return new TokenBudgets(context.wholeNumber(ContextKeys.QUOTA_DAILY_TOKENS, dailyTokens),
                context.wholeNumber(ContextKeys.QUOTA_MONTHLY_TOKENS, monthlyTokens));
    }
}
