package com.mangaassist.planner.sim;

import com.mangaassist.shared.budget.BudgetRequest;

/**
 * One generation on a GPU endpoint, and what to call as it progresses.
 *
 * @param budget         the request the prompt was assembled from, kept so that an instance whose OOM
 *                       breaker is open can re-fit it to the reduced window, as the gpu-endpoint does
 * @param conversation   whose turn it is: where its prefix is cached, and its session (ADR 0040)
 * @param reusablePrefix the prompt's leading tokens that the conversation's previous prompt also began with
 *                       (system prompt and the history before the last exchange): what an instance that
 *                       served that prompt still holds in its prefix cache
 */
record InferenceRequest(int promptTokens, int outputTokens, BudgetRequest budget, Conversation conversation, int reusablePrefix,
                        Listener listener) {

    InferenceRequest(int promptTokens, int outputTokens, BudgetRequest budget, Listener listener) {
        this(promptTokens, outputTokens, budget, null, 0, listener);
    }

    interface Listener {
        /** The first token left the instance at {@code time}; {@code cold} when the instance was not warm. */
        void onFirstToken(double time, boolean cold);

        void onComplete(double time);

        /** The endpoint failed the request (an OOM, or its instance died). */
        void onError(double time, String reason);
    }
}
