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
 * @param chargedTokens    what the answer costs its caller's token budgets (prompt + completion as the model counted them),
 *                         added to the caller's usage in the same write that stores the answer, so it is charged exactly
 *                         once whatever retries (ADR 0046); 0 charges nothing
 */
public record NewAnswer(String text, int tokens, List<String> entities, Route route, Integer completionTokens, ModelTier tier,
                        long chargedTokens) {

    public NewAnswer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(route, "route");
        entities = entities == null ? List.of() : List.copyOf(entities);
        if (chargedTokens < 0) {
            throw new IllegalArgumentException("an answer is never charged negative tokens, got " + chargedTokens);
        }
    }

    /** Charging nothing (tests, and answers not from a model). */
    public NewAnswer(String text, int tokens, List<String> entities, Route route, Integer completionTokens, ModelTier tier) {
        this(text, tokens, entities, route, completionTokens, tier, 0);
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
