package com.mangaassist.gpu.engine;

import java.util.List;
import java.util.Objects;

/**
 * A prompt that already fits the window, ready for the engine.
 *
 * @param adapter      LoRA adapter name, or {@code null} for the base model
 * @param promptTokens the budget's estimate of the prompt's size (the engine may know better)
 */
public record EngineRequest(String requestId, String adapter, List<ChatMessage> messages, int promptTokens, int maxTokens) {

    public EngineRequest {
        Objects.requireNonNull(requestId, "requestId");
        messages = List.copyOf(messages);
        if (maxTokens < 1 || promptTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be positive and promptTokens non-negative");
        }
    }
}
