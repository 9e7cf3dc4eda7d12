package com.mangaassist.infra.observability;

import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.contract.MetricNames;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The gpu-endpoint's log-derived metrics ({@code OOMEscalation}, {@code OOMTrips},
 * {@code WarmupFailures}) as the metric filters publish them and the alarms, the dashboard and the
 * OOM step scaling read them: under the {@code deployment} dimension like every other metric, so a
 * dev endpoint's OOM escalation never scales or pages prod in the same account and region. A metric
 * filter cannot write a literal dimension value, only one taken from the log event: every
 * gpu-endpoint event carries {@link LogEvents#DEPLOYMENT_FIELD}, set from the model's
 * {@code METRICS_DEPLOYMENT} (the stack's name, as the services' is).
 */
public final class GpuLogMetrics {

    private final String deployment;

    private GpuLogMetrics(String deployment) {
        this.deployment = deployment;
    }

    /** @param deployment the stack's name: the value the endpoint's events carry */
    public static GpuLogMetrics of(String deployment) {
        return new GpuLogMetrics(deployment);
    }

    /** The metric filters' dimensions: each dimension's name and the event field its value comes from. */
    public static Map<String, String> filterDimensions() {
        return Map.of(MetricNames.DEPLOYMENT, "$." + LogEvents.DEPLOYMENT_FIELD);
    }

    /** The highest reading of any instance in each minute: what a saturation alarm watches (the engine signals, ADR 0036). */
    public Metric maximum(String metricName) {
        return Metric.Builder.create().namespace(MetricNames.GPU_NAMESPACE).metricName(metricName).statistic("Maximum").period(Duration.minutes(1))
                .dimensionsMap(Map.of(MetricNames.DEPLOYMENT, deployment)).build();
    }

    /** Events counted per minute: the filters publish 1 per matching event. */
    public Metric sum(String metricName) {
        return Metric.Builder.create().namespace(MetricNames.GPU_NAMESPACE).metricName(metricName).statistic("Sum").period(Duration.minutes(1))
                .dimensionsMap(Map.of(MetricNames.DEPLOYMENT, deployment)).build();
    }
}
