package com.mangaassist.shared.wire.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A user's chat message. {@code messageId} is chosen by the client and makes the send idempotent:
 * resending the same id never produces a second answer.
 *
 * @param locale BCP 47 tag that picks the language adapter, or {@code null} for the default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendMessage(String conversationId, String messageId, String text, String locale) implements ClientFrame {

    public static final String ACTION = "sendMessage";

    public SendMessage {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
    }

    @Override
    @JsonProperty(index = 0)
    public String action() {
        return ACTION;
    }
}
