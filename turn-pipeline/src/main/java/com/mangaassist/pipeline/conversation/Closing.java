package com.mangaassist.pipeline.conversation;

import java.util.Objects;

/** What storing an attempt's answer or failure did. */
public sealed interface Closing {

    /** Stored; the conversation is now at {@code version}. */
    record Closed(StoredMessage message, long version) implements Closing {
        public Closed {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A later attempt holds the message (or closed it): this attempt's result is not the message's, and nothing was written. */
    record Superseded(StoredMessage message) implements Closing {
        public Superseded {
            Objects.requireNonNull(message, "message");
        }
    }
}
