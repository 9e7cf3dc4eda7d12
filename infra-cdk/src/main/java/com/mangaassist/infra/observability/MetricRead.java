package com.mangaassist.infra.observability;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * One metric a template reads, identified as CloudWatch identifies it: namespace, name and the
 * exact set of dimension names (a metric published under other dimensions is another metric),
 * with the value it reads under each dimension and the statistic it is read by.
 *
 * @param dimensions each dimension's name and the value read under it; a value the template leaves
 *                   to a token (a cluster's name, a queue's) is its placeholder, such as {@code ${Ref:Queue4A7E3555}}
 * @param statistic  a statistic ({@code Sum}, {@code Average}, {@code SampleCount}, …) or a percentile ({@code p99})
 * @param readBy     the logical id of the alarm, dashboard or scaling policy that reads it
 */
public record MetricRead(String namespace, String metricName, SortedMap<String, String> dimensions, String statistic, String readBy) {

    public MetricRead {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(readBy, "readBy");
        dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions));
    }

    public static MetricRead of(String namespace, String metricName, Map<String, String> dimensions, String statistic, String readBy) {
        return new MetricRead(namespace, metricName, new TreeMap<>(dimensions), statistic, readBy);
    }

    /** The dimension names, in order: with namespace and name, what makes it one metric. */
    public SortedSet<String> dimensionNames() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(dimensions.keySet()));
    }

    /** Namespace, name and dimension names: what must match a published metric for the read to see data. */
    public String identity() {
        return namespace + " " + metricName + " " + dimensionNames();
    }
}
