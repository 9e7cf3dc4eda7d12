package com.mangaassist.gpu.warmup;

import java.util.Objects;

/**
 * One request shape to send through the real inference path before taking traffic.
 *
 * @param adapter      the LoRA adapter to warm, or {@code null} for the base model
 * @param promptTokens prompt size; {@link #MAX_LENGTH} means "as long as the engine accepts"
 */
public record WarmupShape(String name, String adapter, int promptTokens, int maxTokens) {

    public static final int MAX_LENGTH = -1;

    public WarmupShape {
        Objects.requireNonNull(name, "name");
        if (maxTokens < 1 || (promptTokens < 1 && promptTokens != MAX_LENGTH)) {
            throw new IllegalArgumentException("shape '" + name + "' needs positive promptTokens (or \"max\") and maxTokens");
        }
    }
}
