package com.mangaassist.infra.observability;

import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.domain.ModelTier;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The gpu-endpoint's log-derived metrics ({@code OOMEscalation}, {@code OOMTrips},
 * {@code WarmupFailures}) as the metric filters publish them and the alarms, the dashboard and the
 * OOM step scaling read them: under the {@code deployment} dimension like every other metric, so a
 * dev endpoint's OOM escalation never scales or pages prod in the same account and region, and under
 * the {@code tier} dimension, so the large tier's escalation scales the large tier only. A metric
 * filter cannot write a literal dimension value, only one taken from the log event: every
 * gpu-endpoint event carries {@link LogEvents#DEPLOYMENT_FIELD}, set from the model's
 * {@code METRICS_DEPLOYMENT} (the stack's name, as the services' is).
 */
public final class GpuLogMetrics {

    private final String deployment;
    private final ModelTier tier;

    private GpuLogMetrics(String deployment, ModelTier tier) {
        this.deployment = deployment;
        this.tier = tier;
    }

    /**
     * @param deployment the stack's name: the value the endpoint's events carry
     * @param tier       the model tier whose endpoint published them
     */
    public static GpuLogMetrics of(String deployment, ModelTier tier) {
        return new GpuLogMetrics(deployment, tier);
    }

    /** The metric filters' dimensions: each dimension's name and the event field its value comes from. */
    public static Map<String, String> filterDimensions() {
        // Sorted, so the template lists them in one order from synth to synth.
        return new TreeMap<>(Map.of(MetricNames.DEPLOYMENT, "$." + LogEvents.DEPLOYMENT_FIELD, MetricNames.TIER, "$." + LogEvents.TIER_FIELD));
    }

    /** The value of the {@code tier} dimension (and of the endpoint's {@code METRICS_TIER}) for a tier. */
    public static String tierValue(ModelTier tier) {
        return tier.name().toLowerCase(Locale.ROOT);
    }

    public ModelTier tier() {
        return tier;
    }

    /** The highest reading of any instance in each minute: what a saturation alarm watches (the engine signals, ADR 0036). */
    public Metric maximum(String metricName) {
        return Metric.Builder.create().namespace(MetricNames.GPU_NAMESPACE).metricName(metricName).statistic("Maximum").period(Duration.minutes(1))
                .dimensionsMap(dimensions()).build();
    }

    /** The mean of the instances' readings in each minute (the prefix-cache hit rate). */
    public Metric average(String metricName) {
        return Metric.Builder.create().namespace(MetricNames.GPU_NAMESPACE).metricName(metricName).statistic("Average").period(Duration.minutes(1))
                .dimensionsMap(dimensions()).build();
    }

    /** Events counted per minute: the filters publish 1 per matching event. */
    public Metric sum(String metricName) {
        return Metric.Builder.create().namespace(MetricNames.GPU_NAMESPACE).metricName(metricName).statistic("Sum").period(Duration.minutes(1))
                .dimensionsMap(dimensions()).build();
    }

    private Map<String, String> dimensions() {
        return new TreeMap<>(Map.of(MetricNames.DEPLOYMENT, deployment, MetricNames.TIER, tierValue(tier)));
    }
}
