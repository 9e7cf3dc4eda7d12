package com.mangaassist.shared.model;

import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.routing.DegradeHint;
import java.util.Objects;

/**
 * Picks the endpoint tier and LoRA adapter for a turn: the locale chooses the adapter, the
 * estimated complexity chooses the tier, and a routing degrade hint can cap both the tier and the
 * output budget. Where the deployment has no large tier, a turn the score sends there goes to the
 * small one, and its selection says so ({@link TierReason#LARGE_ABSENT}).
 */
public final class ModelSelector {

    private final ModelRoutingTable table;
    private final ComplexityEstimator estimator;

    /** The bundled routing table with a deployment's endpoint names (no large endpoint: every turn goes small). */
    public static ModelSelector forEndpoints(String smallEndpoint, String largeEndpoint) {
        return new ModelSelector(ModelRoutingTable.defaults().withEndpoints(smallEndpoint, largeEndpoint), new ComplexityEstimator());
    }

    public ModelSelector(ModelRoutingTable table, ComplexityEstimator estimator) {
        this.table = Objects.requireNonNull(table, "table");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
    }

    public ModelSelection select(String locale, PromptPart query, int historyTurns, DegradeHint degrade) {
        int complexity = estimator.estimate(query.text(), query.tokens(), historyTurns);
        ModelTier tier = complexity >= table.largeTierThreshold() ? ModelTier.LARGE : ModelTier.SMALL;
        TierReason reason = TierReason.COMPLEXITY;
        if (degrade != null && degrade.maxTier().compareTo(tier) < 0) {
            tier = degrade.maxTier();
            reason = TierReason.DEGRADED;
        }
        if (tier == ModelTier.LARGE && !table.largeDeployed()) {
            tier = ModelTier.SMALL;
            reason = TierReason.LARGE_ABSENT;
        }
        EndpointTarget target = table.endpoint(tier);
        int maxOutput = target.maxOutputTokens();
        if (degrade != null) {
            maxOutput = Math.min(maxOutput, degrade.maxOutputTokens());
        }
        return new ModelSelection(target.endpointName(), table.adapterFor(locale), tier, target.contextWindow(), maxOutput, complexity, reason);
    }
}
