package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;

/**
 * A caller's token usage against its budgets (ADR 0046): today's and this month's (UTC), each with the deployment's
 * budget for it. Sent in {@code done} (as of that answer) and in answer to a {@code usage} frame.
 */
public record Quota(QuotaWindow day, QuotaWindow month) {

    public Quota {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(month, "month");
    }

    /** True when either budget is spent: a new message is refused {@code quota_exceeded}. */
    @JsonIgnore
    public boolean spent() {
        return day.spent() || month.spent();
    }

    /**
     * When a new message can be accepted again: the latest reset among the spent windows (a spent month outlasts a
     * spent day); {@code null} when neither is spent.
     */
    @JsonIgnore
    public Instant acceptsAgainAt() {
        if (month.spent()) {
            return month.resetsAt();
        }
        return day.spent() ? day.resetsAt() : null;
    }

    /** The usage with {@code tokens} more charged to both windows (what an answer of that size leaves). */
    public Quota plus(long tokens) {
        return new Quota(day.plus(tokens), month.plus(tokens));
    }
}
