package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Objects;

/** A slice of attempt {@code attempt}'s streamed answer; several model tokens are coalesced into one frame. */
@JsonTypeName(Token.TYPE)
public record Token(String messageId, long seq, int attempt, String text) implements ServerFrame {

    public static final String TYPE = "token";

    public Token {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
        if (seq < 1) {
            throw new IllegalArgumentException("token seq starts at 1, got " + seq);
        }
        Attempts.require(attempt);
    }
}
