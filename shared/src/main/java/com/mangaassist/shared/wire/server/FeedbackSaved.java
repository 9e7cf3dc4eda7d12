package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.mangaassist.shared.domain.Rating;
import java.util.Objects;

/**
 * The answer to {@code feedback}: the answer of message {@code messageId} now holds {@code rating}
 * (and the reason sent with it, if any), replacing what it held. It belongs to no attempt: always
 * {@code seq} 0, and a client that applies it twice shows the same thing.
 */
@JsonTypeName(FeedbackSaved.TYPE)
public record FeedbackSaved(String messageId, long seq, Rating rating) implements ServerFrame {

    public static final String TYPE = "feedbackSaved";

    public FeedbackSaved {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(rating, "rating");
        if (seq != 0) {
            throw new IllegalArgumentException("a feedbackSaved belongs to no attempt (seq 0), got " + seq);
        }
    }
}
