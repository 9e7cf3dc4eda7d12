package com.mangaassist.shared.budget;

/**
 * Counts tokens the way the budget needs them: the cost of a text as one chat message, including
 * the chat template's per-message overhead and any safety margin for tokenizers we can only
 * estimate. Implementations are thread-safe.
 */
public interface TokenCounter {

    /** Tokens the text costs as one message; 0 for an empty text (no message is sent). */
    int count(String text);

    /**
     * The longest prefix of {@code text} whose {@link #count} is at most {@code maxTokens}, cut on a
     * character boundary, with its count; {@link PromptPart#EMPTY} when not even the message
     * overhead fits.
     */
    PromptPart truncate(String text, int maxTokens);

    default PromptPart part(String text) {
        return new PromptPart(text, count(text));
    }
}
