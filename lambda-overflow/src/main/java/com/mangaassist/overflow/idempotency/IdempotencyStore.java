package com.mangaassist.overflow.idempotency;

import java.time.Duration;

/**
 * Which overflow messages this path has started or finished. A record is in progress until its
 * holder's deadline (the invocation's remaining time), then completed until it expires. A
 * redelivery of a completed message is skipped; one of a message still in progress is handed back
 * to the queue; one whose holder died (its deadline passed) is claimed again.
 */
public interface IdempotencyStore {

    /** What a claim found. */
    sealed interface Claim {
        record Claimed() implements Claim {
        }

        record AlreadyCompleted() implements Claim {
        }

        record InProgressElsewhere() implements Claim {
        }
    }

    /** @param holdFor how long this claim blocks others: the claimant's remaining time */
    Claim claim(String id, Duration holdFor);

    void complete(String id);

    /** Gives a claim up so a redelivery can take it at once (the turn did not run). */
    void release(String id);
}
