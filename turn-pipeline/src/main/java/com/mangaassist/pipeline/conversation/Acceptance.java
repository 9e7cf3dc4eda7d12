package com.mangaassist.pipeline.conversation;

import java.util.Objects;

/** What accepting a message did. */
public sealed interface Acceptance {

    /** Stored as the conversation's next message, its first attempt claimed; the conversation is now at {@code version}. */
    record Accepted(StoredMessage message, long version) implements Acceptance {
        public Accepted {
            Objects.requireNonNull(message, "message");
        }
    }

    /** This message id was accepted before (a resend, a redelivery): nothing was written; the stored message says where it stands. */
    record Existing(StoredMessage message) implements Acceptance {
        public Existing {
            Objects.requireNonNull(message, "message");
        }
    }
}
