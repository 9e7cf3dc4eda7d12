package com.mangaassist.shared.wire.client;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Keeps an idle connection open (API Gateway closes sockets idle for 10 minutes). */
public record Ping() implements ClientFrame {

    public static final String ACTION = "ping";

    @Override
    @JsonProperty
    public String action() {
        return ACTION;
    }
}
