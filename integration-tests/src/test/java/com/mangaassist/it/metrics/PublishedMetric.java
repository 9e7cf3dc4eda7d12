package com.mangaassist.it.metrics;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One metric as CloudWatch would extract it from a service's log, by an embedded-metric-format
 * document or a metric filter: a metric per (namespace, name, dimension set), each dimension with
 * the value it was published under, and the unit that says which statistics mean anything.
 */
public record PublishedMetric(String namespace, String name, SortedMap<String, String> dimensions, String unit) {

    public PublishedMetric {
        dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions));
    }

    String identity() {
        return namespace + " " + name + " " + dimensions.keySet();
    }
}
