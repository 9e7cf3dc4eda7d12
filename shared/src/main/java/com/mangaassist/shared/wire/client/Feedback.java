package com.mangaassist.shared.wire.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.mangaassist.shared.domain.Rating;
import java.util.Objects;

/**
 * A user's rating of one answer of one of their conversations (ADR 0045). Sending it again — the
 * same rating, or a change of mind — replaces what was stored: a message holds at most one.
 *
 * @param reason what the user wrote about it, or {@code null}; at most {@value #MAX_REASON_CHARS}
 *               code points under the text rules a question's text follows. Stored with the answer,
 *               never put on the analytics stream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Feedback(String conversationId, String messageId, Rating rating, String reason) implements ClientFrame {

    public static final String ACTION = "feedback";
    /** A sentence or two: what a thumbs-down needs to say why, not a second question. */
    public static final int MAX_REASON_CHARS = 500;

    public Feedback {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(rating, "rating");
    }

    @Override
    @JsonProperty(index = 0)
    public String action() {
        return ACTION;
    }

    public boolean reasonGiven() {
        return reason != null;
    }
}
