package com.mangaassist.it.metrics;

import com.mangaassist.infra.observability.MetricRead;
import com.mangaassist.shared.contract.MetricNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The services' side of the metric contract: every metric an alarm, the dashboard or a scaling
 * policy reads is published under that namespace, name and exact dimension set, under the same
 * deployment, with a unit its statistic means something for (a sum of counts, a percentile of
 * latencies; an average or a sample count of anything).
 */
public final class MetricContract {

    /**
     * Dimensions whose value the stack and the services agree on before anything runs: the stack
     * tells each service its deployment, and a read under another value watches another
     * environment, or nothing. The other dimensions' values (a route, a reason, an error code)
     * name outcomes that one run may or may not produce, so only their names are compared.
     */
    static final Set<String> AGREED_VALUES = Set.of(MetricNames.DEPLOYMENT);

    private MetricContract() {
    }

    /** What the template reads that nothing published; empty when the contract holds. */
    public static List<String> unmet(Collection<MetricRead> reads, Collection<PublishedMetric> published) {
        List<String> unmet = new ArrayList<>();
        for (MetricRead read : reads) {
            List<PublishedMetric> same = published.stream().filter(p -> p.namespace().equals(read.namespace())
                    && p.name().equals(read.metricName()) && p.dimensions().keySet().equals(read.dimensionNames())).toList();
            if (same.isEmpty()) {
                unmet.add(read.identity() + " (" + read.statistic() + ", read by " + read.readBy() + ") is never published");
                continue;
            }
            List<PublishedMetric> sameValues = same.stream().filter(p -> agreed(p.dimensions()).equals(agreed(read.dimensions()))).toList();
            if (sameValues.isEmpty()) {
                unmet.add(read.identity() + " is read under " + agreed(read.dimensions()) + " (read by " + read.readBy()
                        + ") but published under " + same.stream().map(p -> agreed(p.dimensions()).toString()).distinct().toList());
            } else if (sameValues.stream().noneMatch(p -> meaningful(read.statistic(), p.unit()))) {
                unmet.add(read.identity() + " is read as " + read.statistic() + " but published in " + sameValues.get(0).unit());
            }
        }
        return unmet;
    }

    private static SortedMap<String, String> agreed(Map<String, String> dimensions) {
        SortedMap<String, String> agreed = new TreeMap<>();
        dimensions.forEach((name, value) -> {
            if (AGREED_VALUES.contains(name)) {
                agreed.put(name, value);
            }
        });
        return agreed;
    }

    static boolean meaningful(String statistic, String unit) {
        if (statistic.equals("Sum")) {
            return unit.equals("Count");
        }
        if (statistic.matches("p\\d+(\\.\\d+)?")) {
            return unit.equals("Milliseconds");
        }
        return true;
    }

    public static List<PublishedMetric> publishedIn(java.nio.file.Path... logs) {
        List<PublishedMetric> all = new ArrayList<>();
        for (java.nio.file.Path log : logs) {
            all.addAll(EmfDocuments.in(log));
        }
        return all;
    }
}
