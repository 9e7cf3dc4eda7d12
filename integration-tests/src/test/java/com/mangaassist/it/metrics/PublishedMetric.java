package com.mangaassist.it.metrics;

import java.util.SortedSet;

/**
 * One metric as an embedded-metric-format document declares it: CloudWatch extracts a metric per
 * (namespace, name, dimension set), and the unit says which statistics mean anything.
 */
public record PublishedMetric(String namespace, String name, SortedSet<String> dimensions, String unit) {

    String identity() {
        return namespace + " " + name + " " + dimensions;
    }
}
