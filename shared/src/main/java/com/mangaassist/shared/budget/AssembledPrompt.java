package com.mangaassist.shared.budget;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A prompt that fits its window, and an account of what it took to fit.
 *
 * @param history        the history section in order: kept turns (oldest first), with the
 *                       truncation marker where turns were left out and the entity compaction
 *                       block first when pinned turns had to be compacted
 * @param includedTurns  the conversation turns kept verbatim, oldest first
 * @param outputTokens   tokens left for the answer (the request's reserve unless the window was
 *                       too small even for that)
 * @param turnsDropped   conversation turns not kept verbatim: compacted ones, ones left out here, and
 *                       ones missing from the given history (dropped upstream)
 * @param turnsCompacted pinned turns replaced by the entity compaction block
 * @param trimmed        fixed components that had to be cut to fit (empty in any sane setup)
 * @param window         the effective window the prompt was fitted to
 */
public record AssembledPrompt(
        PromptPart systemPrompt,
        PromptPart ragContext,
        PromptPart query,
        List<PromptMessage> history,
        List<ConversationTurn> includedTurns,
        int outputTokens,
        int turnsDropped,
        int turnsCompacted,
        Set<PromptComponent> trimmed,
        int window) {

    public AssembledPrompt {
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(ragContext, "ragContext");
        Objects.requireNonNull(query, "query");
        history = List.copyOf(history);
        includedTurns = List.copyOf(includedTurns);
        trimmed = Set.copyOf(trimmed);
    }

    /** True exactly when history turns were left out; the marker is then in {@link #history}. */
    public boolean truncated() {
        return turnsDropped > 0;
    }

    /** Tokens of everything sent to the model. */
    public int promptTokens() {
        int tokens = systemPrompt.tokens() + ragContext.tokens() + query.tokens();
        for (PromptMessage message : history) {
            tokens += message.tokens();
        }
        return tokens;
    }

    /** Prompt plus the output reserve; never more than {@link #window}. */
    public int totalTokens() {
        return promptTokens() + outputTokens;
    }
}
