package com.mangaassist.shared.capacity;

import java.util.Locale;
import java.util.Objects;

/**
 * The architecture numbers that decide KV-cache size: per token, every layer stores a key and a
 * value vector for each KV head ({@code 2 * layers * kvHeads * headDim} elements). Models with
 * grouped-query attention (few KV heads) need far less KV memory per token.
 */
public record ModelSpec(String name, double paramsBillions, int layers, int kvHeads, int headDim) {

    public static final ModelSpec LLAMA_2_7B = new ModelSpec("Llama-2-7B", 6.74, 32, 32, 128);
    public static final ModelSpec LLAMA_2_13B = new ModelSpec("Llama-2-13B", 13.0, 40, 40, 128);
    public static final ModelSpec LLAMA_3_8B = new ModelSpec("Llama-3-8B", 8.03, 32, 8, 128);
    public static final ModelSpec MISTRAL_7B = new ModelSpec("Mistral-7B", 7.24, 32, 8, 128);
    public static final ModelSpec LLAMA_3_70B = new ModelSpec("Llama-3-70B", 70.6, 80, 8, 128);

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        if (paramsBillions <= 0 || layers <= 0 || kvHeads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("model dimensions must be positive");
        }
    }

    public static ModelSpec named(String name) {
        String key = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return switch (key) {
            case "llama27b" -> LLAMA_2_7B;
            case "llama213b" -> LLAMA_2_13B;
            case "llama38b", "llama318b" -> LLAMA_3_8B;
            case "mistral7b" -> MISTRAL_7B;
            case "llama370b", "llama3170b" -> LLAMA_3_70B;
            default -> throw new IllegalArgumentException("unknown model '" + name
                    + "'; known: llama-2-7b, llama-2-13b, llama-3-8b, mistral-7b, llama-3-70b");
        };
    }
}
