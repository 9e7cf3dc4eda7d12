package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Objects;

/** The message was accepted and will end in {@code done} or {@code error}. Always {@code seq} 0. */
@JsonTypeName(Ack.TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ack(String messageId, long seq) implements ServerFrame {

    public static final String TYPE = "ack";

    public Ack {
        Objects.requireNonNull(messageId, "messageId");
    }

    public static Ack of(String messageId) {
        return new Ack(messageId, 0);
    }
}
