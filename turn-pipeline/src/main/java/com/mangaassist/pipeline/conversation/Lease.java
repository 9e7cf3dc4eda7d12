package com.mangaassist.pipeline.conversation;

import java.time.Instant;
import java.util.Objects;

/**
 * How long an attempt holds its message: until {@code until} nobody but a resend (ClaimRule.Resend) takes it
 * over; after it, recovery (the sweeper, a redelivery) may claim the next attempt.
 */
public record Lease(Instant until, AttemptStage stage) {

    public Lease {
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(stage, "stage");
    }

    public static Lease running(Instant until) {
        return new Lease(until, AttemptStage.RUNNING);
    }

    public static Lease queued(Instant until) {
        return new Lease(until, AttemptStage.QUEUED);
    }
}
