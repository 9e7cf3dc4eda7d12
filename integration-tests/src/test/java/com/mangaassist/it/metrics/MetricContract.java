package com.mangaassist.it.metrics;

import com.mangaassist.infra.observability.MetricRead;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The services' side of the metric contract: every metric an alarm, the dashboard or a scaling
 * policy reads is published under that namespace, name and exact dimension set, with a unit its
 * statistic means something for (a sum of counts, a percentile of latencies; an average or a
 * sample count of anything).
 */
public final class MetricContract {

    private MetricContract() {
    }

    /** What the template reads that nothing published; empty when the contract holds. */
    public static List<String> unmet(Collection<MetricRead> reads, Collection<PublishedMetric> published) {
        List<String> unmet = new ArrayList<>();
        for (MetricRead read : reads) {
            List<PublishedMetric> same = published.stream().filter(p -> p.namespace().equals(read.namespace())
                    && p.name().equals(read.metricName()) && p.dimensions().equals(read.dimensions())).toList();
            if (same.isEmpty()) {
                unmet.add(read.identity() + " (" + read.statistic() + ", read by " + read.readBy() + ") is never published");
            } else if (same.stream().noneMatch(p -> meaningful(read.statistic(), p.unit()))) {
                unmet.add(read.identity() + " is read as " + read.statistic() + " but published in " + same.get(0).unit());
            }
        }
        return unmet;
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
