package com.mangaassist.pipeline.aws;

import java.util.Objects;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts every AWS API call a process makes, by service and operation, from the SDK's own metric
 * collection: one {@link MetricCollection} per API call reaches {@link #publish}, with retries as
 * child attempts, so a call retried twice is one call and three attempts. The counts say what a
 * turn costs in round trips (the platform bench divides them by turns) and, in AWS, show which
 * service a change made chattier. Added to each client's override configuration; publishing is a
 * map increment on the SDK's calling thread.
 */
public final class AwsCallCounter implements MetricPublisher {

    /** Receives one call: the service id ({@code DynamoDB}, {@code SageMaker Runtime}, …), the operation, and its HTTP attempts. */
    @FunctionalInterface
    public interface Listener {
        void call(String service, String operation, int attempts);
    }

    private final Listener listener;

    public AwsCallCounter(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Adds this counter to {@code builder}'s override configuration, keeping what is set there
     * (setting an override configuration replaces the previous one): call it last, before build.
     */
    public <B extends SdkClientBuilder<B, ?>> B addTo(B builder) {
        ClientOverrideConfiguration current = builder.overrideConfiguration();
        ClientOverrideConfiguration.Builder merged = current == null ? ClientOverrideConfiguration.builder() : current.toBuilder();
        return builder.overrideConfiguration(merged.addMetricPublisher(this).build());
    }

    @Override
    public void publish(MetricCollection metrics) {
        String service = first(metrics, CoreMetric.SERVICE_ID);
        String operation = first(metrics, CoreMetric.OPERATION_NAME);
        int attempts = 0;
        for (MetricCollection child : metrics.children()) {
            if ("ApiCallAttempt".equals(child.name())) {
                attempts++;
            }
        }
        listener.call(service, operation, Math.max(1, attempts));
    }

    private static String first(MetricCollection metrics, software.amazon.awssdk.metrics.SdkMetric<String> metric) {
        var values = metrics.metricValues(metric);
        return values.isEmpty() ? "unknown" : values.get(0);
    }

    @Override
    public void close() {
        // Nothing buffered: every call was handed on as it finished.
    }
}
