package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.Objects;

/** The answer to {@code resume}: the conversation's most recent turns, oldest first. */
@JsonTypeName(Resumed.TYPE)
public record Resumed(String conversationId, long seq, List<ResumedTurn> turns) implements ServerFrame {

    public static final String TYPE = "resumed";

    public Resumed {
        Objects.requireNonNull(conversationId, "conversationId");
        turns = List.copyOf(turns);
    }
}
