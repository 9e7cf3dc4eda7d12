package com.mangaassist.pipeline.conversation;

import java.time.Instant;
import java.util.Objects;

/** When a claim may take a pending message's next attempt. */
public sealed interface ClaimRule {

    /**
     * The client sent the message again: take it over when the current attempt started at or
     * before {@code startedBy} or its lease ended (ADR 0033). A resend sooner than that finds the
     * message {@link Claim.Held}: however many resends arrive, from however many connections and
     * tasks, one message is taken over at most once per spacing, so one user cannot keep several
     * generations of one message running.
     */
    record Resend(Instant startedBy) implements ClaimRule {
        public Resend {
            Objects.requireNonNull(startedBy, "startedBy");
        }
    }

    /** Only once the current attempt's lease ended (recovery: the sweeper). */
    record IfLeaseEnded() implements ClaimRule {
    }

    /**
     * When the current attempt is still {@code attempt} — the one a queue message or a spill was made
     * for, so nobody started it — or its lease ended (a redelivery, the fallback of an ambiguous spill).
     */
    record IfStillAttempt(int attempt) implements ClaimRule {
    }
}
