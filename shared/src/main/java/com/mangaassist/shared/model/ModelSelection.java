package com.mangaassist.shared.model;

import com.mangaassist.shared.domain.ModelTier;

import java.util.Objects;

/**
 * Where one turn goes: which endpoint, which LoRA adapter, and the window and output budget that
 * the context budget manager must fit.
 *
 * @param complexity the estimator's score (0..100) that chose the tier; recorded for metrics
 * @param reason     why the turn got {@code tier}: the score, a degrade hint, or a large tier this deployment lacks
 */
public record ModelSelection(String endpointName, String adapter, ModelTier tier, int contextWindow, int maxOutputTokens, int complexity,
                             TierReason reason) {

    public ModelSelection {
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(reason, "reason");
    }
}
