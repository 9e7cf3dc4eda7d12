package com.mangaassist.pipeline.conversation;

import java.util.List;
import java.util.Objects;

/**
 * A user's message to accept, with where its first attempt answers.
 *
 * @param locale the client's BCP 47 tag, or {@code null}
 */
public record NewQuestion(String messageId, String text, int tokens, List<String> entities, String locale, String connectionId,
                          String requestId) {

    public NewQuestion {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(requestId, "requestId");
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    /** Turns naming catalog entities are pinned: the budget drops them last. */
    public boolean pinned() {
        return !entities.isEmpty();
    }
}
