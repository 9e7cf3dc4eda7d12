package com.mangaassist.shared.wire.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Asks for the conversation's recent turns after a reconnect.
 *
 * @param lastSeq the last turn sequence the client already holds, or {@code null} for "send the
 *                recent window"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resume(String conversationId, Long lastSeq) implements ClientFrame {

    public static final String ACTION = "resume";

    public Resume {
        Objects.requireNonNull(conversationId, "conversationId");
    }

    @Override
    @JsonProperty(index = 0)
    public String action() {
        return ACTION;
    }
}
