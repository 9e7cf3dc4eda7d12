package com.mangaassist.shared.wire.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.mangaassist.shared.budget.ConversationTurn;
import java.util.List;
import java.util.Objects;

/**
 * The SageMaker payload for one turn. The conversation goes as structured parts, not a flat
 * prompt, so the endpoint can re-apply the context budget under its own ceiling (the OOM
 * breaker's reduced context) without re-tokenizing: each history turn carries its token count,
 * and so does the query (ADR 0015: the pipeline owns the budget).
 *
 * @param adapter       the LoRA adapter to use, or {@code null} for the base model
 * @param queryTokens   the query's token count as the caller counted it, or {@code null} to count it here
 * @param contextWindow the caller's window for this model, or {@code null} to use the endpoint's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceRequest(
        String requestId,
        String adapter,
        String systemPrompt,
        String ragContext,
        List<ConversationTurn> history,
        String query,
        Integer queryTokens,
        int maxTokens,
        Integer contextWindow,
        boolean stream) {

    public InferenceRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(query, "query");
        history = history == null ? List.of() : List.copyOf(history);
        if (queryTokens != null && queryTokens < 0) {
            throw new IllegalArgumentException("queryTokens must not be negative");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
    }

    /** This request asking for the streamed answer (InvokeEndpointWithResponseStream). */
    public InferenceRequest streaming() {
        return stream ? this : new InferenceRequest(requestId, adapter, systemPrompt, ragContext, history, query, queryTokens, maxTokens,
                contextWindow, true);
    }
}
