package com.mangaassist.planner.sim;

import com.mangaassist.planner.config.PlannerConfig.QuotaSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * Each principal's token usage against the deployment's budgets (ADR 0046), as the services keep it: an answer's tokens
 * (prompt + completion) are charged when it is stored, and admission reads the usage before it accepts a message, so a
 * principal overshoots by what its turns in flight use, as in the services. Windows: the UTC day, on the traffic's clock
 * (time 0 is {@code startHour}), and the whole run for the month. Every principal starts the run at zero in both, since
 * what it spent earlier in the day or month is not in the traffic. Only principals charged something are held, so memory
 * grows with the principals answered in the run, and only when a budget is set.
 */
final class QuotaLedger {

    private static final double DAY_SECONDS = 86_400;

    private final long dailyTokens;
    private final long monthlyTokens;
    /** Seconds from the UTC midnight before the run's time 0 to time 0. */
    private final double clockOffset;
    private final Map<String, Usage> usage = new HashMap<>();
    private long principalsRefused;
    private long tokensCharged;

    QuotaLedger(QuotaSettings settings, double startHour) {
        this.dailyTokens = settings.dailyTokens();
        this.monthlyTokens = settings.monthlyTokens();
        this.clockOffset = startHour * 3600;
    }

    /**
     * True when {@code principal}'s budget for the day or for the run is spent at {@code now}: the message is refused
     * {@code quota_exceeded}. A refusal in measured time (from 0 on) counts the principal once.
     */
    boolean refuses(String principal, double now) {
        Usage used = usage.get(principal);
        if (used == null) {
            return false;
        }
        boolean spent = dailyTokens > 0 && used.dayTokens(day(now)) >= dailyTokens || monthlyTokens > 0 && used.runTokens >= monthlyTokens;
        if (spent && now >= 0 && !used.refused) {
            used.refused = true;
            principalsRefused++;
        }
        return spent;
    }

    /** Charges an answer stored at {@code now} to its principal's windows. */
    void charge(String principal, double now, long tokens) {
        usage.computeIfAbsent(principal, key -> new Usage()).add(day(now), tokens);
        if (now >= 0) {
            tokensCharged += tokens;
        }
    }

    /** What the measured run found (the pre-roll's principals and charges left out). */
    QuotaOutcome outcome() {
        return new QuotaOutcome(principalsRefused, tokensCharged);
    }

    private long day(double now) {
        return (long) Math.floor((clockOffset + now) / DAY_SECONDS);
    }

    /** One principal's tokens: today's (the day they were charged in) and the run's. */
    private static final class Usage {
        private long day;
        private long dayTokens;
        private long runTokens;
        private boolean refused;

        long dayTokens(long today) {
            return today == day ? dayTokens : 0;
        }

        void add(long today, long tokens) {
            if (today != day) {
                // A new UTC day: the day's budget starts again.
                day = today;
                dayTokens = 0;
            }
            dayTokens += tokens;
            runTokens += tokens;
        }
    }
}
