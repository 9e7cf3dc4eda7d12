package com.mangaassist.shared.routing;

import com.mangaassist.shared.domain.ModelTier;
import java.util.Objects;

/**
 * Asks the turn to cost less GPU: fewer output tokens, and a model tier no larger than
 * {@code maxTier}.
 */
public record DegradeHint(int maxOutputTokens, ModelTier maxTier) {

    public DegradeHint {
        Objects.requireNonNull(maxTier, "maxTier");
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be positive");
        }
    }
}
