package com.mangaassist.shared.budget;

import java.util.List;
import java.util.Objects;

/**
 * Everything one prompt is assembled from. History is oldest first with strictly increasing seq.
 *
 * @param outputReserve tokens kept free for the answer
 * @param contextWindow the model's window (prompt plus output)
 * @param ceiling       a per-call cap below the window (the OOM breaker's reduced context), or 0
 */
public record BudgetRequest(
        PromptPart systemPrompt,
        int outputReserve,
        PromptPart query,
        PromptPart ragContext,
        List<ConversationTurn> history,
        int contextWindow,
        int ceiling) {

    /** Below this a window cannot hold a marker and a minimal answer; such a request is a bug. */
    public static final int MIN_WINDOW = 64;

    public BudgetRequest {
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(query, "query");
        ragContext = ragContext == null ? PromptPart.EMPTY : ragContext;
        history = history == null ? List.of() : List.copyOf(history);
        if (outputReserve < 0) {
            throw new IllegalArgumentException("outputReserve must not be negative");
        }
        if (contextWindow < MIN_WINDOW) {
            throw new IllegalArgumentException("contextWindow must be at least " + MIN_WINDOW + ", got " + contextWindow);
        }
        if (ceiling != 0 && ceiling < MIN_WINDOW) {
            throw new IllegalArgumentException("ceiling must be 0 (none) or at least " + MIN_WINDOW + ", got " + ceiling);
        }
        long previous = 0;
        for (ConversationTurn turn : history) {
            if (turn.seq() <= previous) {
                throw new IllegalArgumentException("history must be in strictly increasing seq order");
            }
            previous = turn.seq();
        }
    }

    /** The window this call may use: the model's window, lowered by the ceiling when one is set. */
    public int effectiveWindow() {
        return ceiling == 0 ? contextWindow : Math.min(contextWindow, ceiling);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private PromptPart systemPrompt = PromptPart.EMPTY;
        private int outputReserve;
        private PromptPart query = PromptPart.EMPTY;
        private PromptPart ragContext = PromptPart.EMPTY;
        private List<ConversationTurn> history = List.of();
        private int contextWindow;
        private int ceiling;

        public Builder systemPrompt(PromptPart value) {
            this.systemPrompt = value;
            return this;
        }

        public Builder outputReserve(int value) {
            this.outputReserve = value;
            return this;
        }

        public Builder query(PromptPart value) {
            this.query = value;
            return this;
        }

        public Builder ragContext(PromptPart value) {
            this.ragContext = value;
            return this;
        }

        public Builder history(List<ConversationTurn> value) {
            this.history = value;
            return this;
        }

        public Builder contextWindow(int value) {
            this.contextWindow = value;
            return this;
        }

        public Builder ceiling(int value) {
            this.ceiling = value;
            return this;
        }

        public BudgetRequest build() {
            return new BudgetRequest(systemPrompt, outputReserve, query, ragContext, history, contextWindow, ceiling);
        }
    }
}
