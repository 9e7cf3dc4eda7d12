package com.mangaassist.planner.sim;

import com.mangaassist.shared.budget.BudgetRequest;

/**
 * One generation on a GPU endpoint, and what to call as it progresses.
 *
 * @param budget the request the prompt was assembled from, kept so that an instance whose OOM
 *               breaker is open can re-fit it to the reduced window, as the gpu-endpoint does
 */
record InferenceRequest(int promptTokens, int outputTokens, BudgetRequest budget, Listener listener) {

    interface Listener {
        /** The first token left the instance at {@code time}; {@code cold} when the instance was not warm. */
        void onFirstToken(double time, boolean cold);

        void onComplete(double time);

        /** The endpoint failed the request (an OOM, or its instance died). */
        void onError(double time, String reason);
    }
}
