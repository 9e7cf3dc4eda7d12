package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** The answer to {@code ping}. */
@JsonTypeName(Pong.TYPE)
public record Pong(long seq) implements ServerFrame {

    public static final String TYPE = "pong";
}
