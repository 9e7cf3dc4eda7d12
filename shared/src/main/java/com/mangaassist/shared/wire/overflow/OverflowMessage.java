package com.mangaassist.shared.wire.overflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * A spilled attempt on the overflow queue (ADR 0019): which stored message to run and which of
 * its attempts the spill was made for. Nothing else travels — not the text, not the connection:
 * the Lambda claims the message from the conversation store and answers where the store says,
 * so a message whose client reconnected while it waited answers on the new connection, and the
 * queue holds no user text. A redelivery (same {@code attempt}) finds the message already taken
 * over and leaves it to the attempt that holds it.
 *
 * @param index   the message's index in its conversation
 * @param attempt the attempt the spill was made for: the Lambda starts the next one only while it is still current
 */
public record OverflowMessage(String principal, String conversationId, String messageId, long index, int attempt, String requestId,
                              Instant enqueuedAt) {

    public static final int SCHEMA_VERSION = 2;

    public OverflowMessage {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        if (index < 1 || attempt < 1) {
            throw new IllegalArgumentException("message indexes and attempts start at 1");
        }
    }

    @JsonProperty(index = 0)
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
