package com.mangaassist.pipeline.usage;

import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.UsagePeriods;
import com.mangaassist.pipeline.conversation.UsageTotals;
import com.mangaassist.shared.wire.server.Quota;
import com.mangaassist.shared.wire.server.QuotaWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Each caller's token usage against the deployment's budgets (ADR 0046). Usage is what the caller's stored answers were
 * charged (the store adds an answer's tokens in the write that stores it); admission reads it before it accepts a message
 * and refuses one when a budget is spent, so no GPU work starts for a caller over budget, on either compute path (both
 * take only messages admission accepted). A caller can overshoot by what its turns in flight cost, at most its
 * turns-in-flight limit times one answer's tokens: the read and the charge are not one transaction, which would serialise
 * every caller's turns on one item.
 */
public final class TokenQuotas {

    private final ConversationStore store;
    private final TokenBudgets budgets;
    private final Clock clock;

    public TokenQuotas(ConversationStore store, TokenBudgets budgets, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TokenBudgets budgets() {
        return budgets;
    }

    /** {@code principal}'s usage now against the budgets (one strongly consistent read of two counters). */
    public Quota current(String principal) {
        UsageTotals totals = store.usage(principal, UsagePeriods.at(clock.instant()));
        UsagePeriods periods = totals.periods();
        return new Quota(new QuotaWindow(totals.dayTokens(), budgets.daily(), periods.dayResetsAt()),
                new QuotaWindow(totals.monthTokens(), budgets.monthly(), periods.monthResetsAt()));
    }

    /** How long until a caller whose usage is {@code quota} may send again; zero when it may now. */
    public Duration retryAfter(Quota quota) {
        Instant at = quota.acceptsAgainAt();
        if (at == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** What the user is told when {@code quota} refuses a message: which budget, how large, and when it starts again. */
    public static String refusalText(Quota quota) {
        if (quota.month().spent()) {
            return "this account has used its " + quota.month().limit() + " tokens for this month; the budget starts again at "
                    + quota.month().resetsAt();
        }
        return "this account has used its " + quota.day().limit() + " tokens for today; the budget starts again at " + quota.day().resetsAt();
    }
}
