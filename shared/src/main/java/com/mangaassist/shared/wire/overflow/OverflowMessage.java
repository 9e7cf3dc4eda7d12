package com.mangaassist.shared.wire.overflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * A turn spilled to the overflow queue for a Lambda to run. Everything the Lambda needs to answer
 * the same connection travels with it; {@code messageId} makes redelivery idempotent and
 * {@code deadline} lets the Lambda answer {@code expired} instead of answering too late.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OverflowMessage(
        String connectionId,
        String principal,
        String conversationId,
        String messageId,
        String text,
        String locale,
        String requestId,
        Instant enqueuedAt,
        Instant deadline) {

    public static final int SCHEMA_VERSION = 1;

    public OverflowMessage {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isBefore(enqueuedAt)) {
            throw new IllegalArgumentException("deadline precedes enqueuedAt");
        }
    }

    @JsonProperty(index = 0)
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    public boolean isExpiredAt(Instant now) {
        return now.isAfter(deadline);
    }
}
