package com.mangaassist.pipeline.conversation;

import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Route;
import java.util.List;
import java.util.Objects;

/**
 * An attempt's complete answer, to store next to its question.
 *
 * @param tokens           the answer's size in the platform's token count (what history budgeting uses)
 * @param completionTokens what the model reported generating ({@code null} when it reported nothing): what the client was shown
 * @param tier             the model tier that generated it ({@code null}: not from a model), kept so that a rating of the
 *                         answer is counted against the tier that wrote it (ADR 0045)
 */
public record NewAnswer(String text, int tokens, List<String> entities, Route route, Integer completionTokens, ModelTier tier) {

    public NewAnswer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(route, "route");
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    /** Without the tier (tests, and answers not from a model). */
    public NewAnswer(String text, int tokens, List<String> entities, Route route, Integer completionTokens) {
        this(text, tokens, entities, route, completionTokens, null);
    }

    /** Without the model's count or tier (tests, and answers not from a model). */
    public NewAnswer(String text, int tokens, List<String> entities, Route route) {
        this(text, tokens, entities, route, null, null);
    }

    public boolean pinned() {
        return !entities.isEmpty();
    }
}
