package com.mangaassist.shared.wire.server;

/** Token accounting for one turn. */
public record Usage(int promptTokens, int completionTokens) {

    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts are never negative");
        }
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
