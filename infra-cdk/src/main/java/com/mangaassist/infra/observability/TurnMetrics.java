package com.mangaassist.infra.observability;

import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The turn metrics one compute path publishes, as alarms, widgets and scaling policies read them:
 * names from shared's {@link MetricNames}, always under the {@code deployment} dimension (the
 * stack's name) and exactly the dimension sets the services declare, because CloudWatch treats
 * every distinct dimension set as a different metric. One minute, the services' publishing step.
 */
public final class TurnMetrics {

    private final String namespace;
    private final String deployment;

    private TurnMetrics(String namespace, String deployment) {
        this.namespace = namespace;
        this.deployment = deployment;
    }

    /** The Fargate orchestrator's EMF metrics. */
    public static TurnMetrics orchestrator(String deployment) {
        return new TurnMetrics(MetricNames.ORCHESTRATOR_NAMESPACE, deployment);
    }

    /** The overflow function's EMF metrics (Powertools). */
    public static TurnMetrics overflow(String deployment) {
        return new TurnMetrics(MetricNames.OVERFLOW_NAMESPACE, deployment);
    }

    /** p99 of time to first token, milliseconds: the services publish it as a distribution. */
    public Metric ttftP99() {
        return metric(MetricNames.TURN_TTFT, "p99", Map.of());
    }

    public Metric failed() {
        return metric(MetricNames.TURNS_FAILED, "Sum", Map.of());
    }

    public Metric completed() {
        return metric(MetricNames.TURNS_COMPLETED, "Sum", Map.of());
    }

    /** How many data points arrived: zero only when nothing publishes (counters publish zeros while a task runs). */
    public Metric completedSamples() {
        return metric(MetricNames.TURNS_COMPLETED, "SampleCount", Map.of());
    }

    /** Turns sent to {@code tier} for {@code reason}, per minute ({@code large-absent}: the score asked for a tier not deployed). */
    public Metric modelTier(com.mangaassist.shared.domain.ModelTier tier, com.mangaassist.shared.model.TierReason reason) {
        return metric(MetricNames.MODEL_TIER_TURNS, "Sum", Map.of(MetricNames.TIER, GpuLogMetrics.tierValue(tier),
                MetricNames.REASON, reason.wireName()));
    }

    /**
     * Answers given {@code rating} (a first rating or a change of mind) per minute, of those {@code route}'s path and
     * {@code tier}'s model wrote (ADR 0045): the orchestrator publishes it, whichever path answered.
     */
    public Metric answersRated(Rating rating, Route route, ModelTier tier) {
        return metric(MetricNames.ANSWERS_RATED, "Sum", Map.of(MetricNames.RATING, rating.wireName(), MetricNames.ROUTE, route.wireName(),
                MetricNames.TIER, tier.wireName()));
    }

    /** Turns per minute whose stateful session had {@code outcome} (conversation affinity, ADR 0040). */
    public Metric gpuSessions(String outcome) {
        return metric(MetricNames.GPU_SESSIONS, "Sum", Map.of(MetricNames.OUTCOME, outcome));
    }

    public Metric routed(Route route) {
        return metric(MetricNames.TURNS_ROUTED, "Sum", Map.of(MetricNames.ROUTE, route.wireName()));
    }

    /** Percent of the tasks' turn capacity in use, averaged: what the ECS service scales on. */
    public Metric capacityUsed() {
        return metric(MetricNames.TURN_CAPACITY_USED, "Average", Map.of());
    }

    public Metric inFlight() {
        return metric(MetricNames.TURNS_IN_FLIGHT, "Average", Map.of());
    }

    /** Turns whose retrieval came to {@code outcome}: one count per turn, under the outcome's wire name. */
    public Metric retrievalTurns(RetrievalOutcome outcome) {
        return metric(MetricNames.RETRIEVAL_TURNS, "Sum", Map.of(MetricNames.OUTCOME, outcome.wireName()));
    }

    /** A percentile ({@code p50}, {@code p99}) of retrieval time per turn, milliseconds: a distribution, like TTFT. */
    public Metric retrievalLatency(String percentile) {
        return metric(MetricNames.RETRIEVAL_LATENCY, percentile, Map.of());
    }

    private Metric metric(String name, String statistic, Map<String, String> dimensions) {
        Map<String, String> all = new HashMap<>(dimensions);
        all.put(MetricNames.DEPLOYMENT, deployment);
        return Metric.Builder.create().namespace(namespace).metricName(name).statistic(statistic).dimensionsMap(all)
                .period(Duration.minutes(1)).build();
    }
}
