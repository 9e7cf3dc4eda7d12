package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * What a caller's answers cost in one budget window (a UTC day or month, ADR 0046), in tokens (prompt + completion as the
 * model counted them).
 *
 * @param used     tokens charged to the window so far
 * @param limit    the window's budget; {@code null} when the deployment sets none
 * @param resetsAt when the next window starts (and with it a budget of its own)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaWindow(long used, Long limit, Instant resetsAt) {

    public QuotaWindow {
        Objects.requireNonNull(resetsAt, "resetsAt");
        if (used < 0) {
            throw new IllegalArgumentException("tokens used are never negative, got " + used);
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("a budget is at least one token, got " + limit);
        }
    }

    /** True when the window has a budget and nothing of it is left. */
    @JsonIgnore
    public boolean spent() {
        return limit != null && used >= limit;
    }

    /** The window with {@code tokens} more charged to it. */
    public QuotaWindow plus(long tokens) {
        return new QuotaWindow(used + tokens, limit, resetsAt);
    }
}
