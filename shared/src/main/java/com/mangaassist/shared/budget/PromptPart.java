package com.mangaassist.shared.budget;

import java.util.Objects;

/** A piece of prompt text with its token count, computed once by a {@link TokenCounter}. */
public record PromptPart(String text, int tokens) {

    public static final PromptPart EMPTY = new PromptPart("", 0);

    public PromptPart {
        Objects.requireNonNull(text, "text");
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative");
        }
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }
}
