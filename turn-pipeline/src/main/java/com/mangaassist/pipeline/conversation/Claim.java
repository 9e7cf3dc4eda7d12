package com.mangaassist.pipeline.conversation;

import java.util.Objects;

/** What a claim found. */
public sealed interface Claim {

    /** The caller now holds {@code message.attempt()}, and answers at {@code message.connectionId()}. */
    record Claimed(StoredMessage message) implements Claim {
        public Claimed {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Another attempt holds it under a live lease: nothing was written. */
    record Held(StoredMessage message) implements Claim {
        public Held {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Already answered or failed: nothing was written. */
    record Closed(StoredMessage message) implements Claim {
        public Closed {
            Objects.requireNonNull(message, "message");
        }
    }

    /** No such message (never accepted, or removed by retention). */
    record Missing() implements Claim {
    }
}
