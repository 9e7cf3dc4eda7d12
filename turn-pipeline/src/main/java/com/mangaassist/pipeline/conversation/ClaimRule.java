package com.mangaassist.pipeline.conversation;

/** When a claim may take a pending message's next attempt. */
public sealed interface ClaimRule {

    /** Always: the client sent the message again, so whatever ran for it is presumed lost (a forced resend). */
    record Force() implements ClaimRule {
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
