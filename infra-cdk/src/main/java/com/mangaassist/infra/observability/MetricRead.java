package com.mangaassist.infra.observability;

import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One metric a template reads, identified as CloudWatch identifies it: namespace, name and the
 * exact set of dimension names (a metric published under other dimensions is another metric),
 * with the statistic it is read by.
 *
 * @param statistic a statistic ({@code Sum}, {@code Average}, {@code SampleCount}, …) or a percentile ({@code p99})
 * @param readBy    the logical id of the alarm, dashboard or scaling policy that reads it
 */
public record MetricRead(String namespace, String metricName, SortedSet<String> dimensions, String statistic, String readBy) {

    public MetricRead {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(readBy, "readBy");
        dimensions = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(dimensions));
    }

    public static MetricRead of(String namespace, String metricName, Set<String> dimensions, String statistic, String readBy) {
        return new MetricRead(namespace, metricName, new TreeSet<>(dimensions), statistic, readBy);
    }

    /** Namespace, name and dimension names: what must match a published metric for the read to see data. */
    public String identity() {
        return namespace + " " + metricName + " " + dimensions;
    }
}
