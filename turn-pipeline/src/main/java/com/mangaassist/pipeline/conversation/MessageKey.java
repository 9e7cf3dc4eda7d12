package com.mangaassist.pipeline.conversation;

import java.util.Objects;

/** One message of a conversation, by the conversation's partition key and the message's index (1-based). */
public record MessageKey(String partitionKey, long index) {

    public MessageKey {
        Objects.requireNonNull(partitionKey, "partitionKey");
        if (index < 1) {
            throw new IllegalArgumentException("message indexes start at 1, got " + index);
        }
    }
}
