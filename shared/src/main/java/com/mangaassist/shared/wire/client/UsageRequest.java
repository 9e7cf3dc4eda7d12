package com.mangaassist.shared.wire.client;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Asks for the caller's token usage against its daily and monthly budgets (ADR 0046); answered with a {@code usage} frame. */
public record UsageRequest() implements ClientFrame {

    public static final String ACTION = "usage";

    @Override
    @JsonProperty
    public String action() {
        return ACTION;
    }
}
