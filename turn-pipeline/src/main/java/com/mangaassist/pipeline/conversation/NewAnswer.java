package com.mangaassist.pipeline.conversation;

import com.mangaassist.shared.domain.Route;
import java.util.List;
import java.util.Objects;

/**
 * An attempt's complete answer, to store next to its question.
 *
 * @param tokens           the answer's size in the platform's token count (what history budgeting uses)
 * @param completionTokens what the model reported generating ({@code null} when it reported nothing): what the client was shown
 */
public record NewAnswer(String text, int tokens, List<String> entities, Route route, Integer completionTokens) {

    public NewAnswer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(route, "route");
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    /** Without the model's count (tests, and answers not from a model). */
    public NewAnswer(String text, int tokens, List<String> entities, Route route) {
        this(text, tokens, entities, route, null);
    }

    public boolean pinned() {
        return !entities.isEmpty();
    }
}
