package com.mangaassist.orchestrator.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.shared.contract.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The orchestrator's meters in CloudWatch's embedded metric format: every step, one JSON document
 * per meter and tag set, written as its own log line (the task's awslogs driver ships stdout to
 * CloudWatch Logs, which extracts the metrics; no PutMetricData, no extra IAM). Each document
 * declares the meter under its full dimension set and every roll-up the alarms read (each single
 * tag, and none), always with {@link MetricNames#DEPLOYMENT}, so a metric the CDK app reads exists
 * under exactly the dimensions it names. Counters publish what they counted during the step
 * (zero included, so alarms see data while the task runs), gauges their value at the flush, and
 * time to first token and retrieval time the step's samples ({@link LatencySamples}) as
 * distributions CloudWatch takes percentiles of across tasks.
 */
public final class EmfPublisher {

    /** At most 100 values per metric per document (the EMF limit). */
    static final int VALUES_PER_DOCUMENT = 100;

    private final MeterRegistry registry;
    private final Map<String, SampleReservoir> distributions;
    private final String deployment;
    private final Consumer<String> sink;
    private final LongSupplier epochMillis;
    private final Map<Meter.Id, Double> lastCounts = new HashMap<>();

    /**
     * @param registry    the meters to publish (the latencies in {@code samples} come from there instead)
     * @param deployment  the value of every document's {@code deployment} dimension
     * @param sink        where each document goes, one line each (stdout in a task)
     */
    public EmfPublisher(MeterRegistry registry, LatencySamples samples, String deployment, Consumer<String> sink, LongSupplier epochMillis) {
        this.registry = registry;
        this.distributions = samples.byMetric();
        this.deployment = deployment;
        this.sink = sink;
        this.epochMillis = epochMillis;
    }

    /** Writes one step's documents; called on a fixed schedule and once more on shutdown. */
    public synchronized void publish() {
        long now = epochMillis.getAsLong();
        for (Meter meter : registry.getMeters()) {
            if (distributions.containsKey(meter.getId().getName())) {
                continue;
            }
            if (meter instanceof Counter counter) {
                double total = counter.count();
                Double previous = lastCounts.put(meter.getId(), total);
                write(now, meter.getId(), "Count", total - (previous == null ? 0 : previous));
            } else if (meter instanceof Gauge gauge) {
                double value = gauge.value();
                if (Double.isFinite(value)) {
                    write(now, meter.getId(), unitOf(meter.getId().getName()), value);
                }
            }
        }
        distributions.forEach((name, reservoir) -> {
            List<Double> samples = reservoir.drain();
            for (int from = 0; from < samples.size(); from += VALUES_PER_DOCUMENT) {
                ArrayNode values = JsonNodeFactory.instance.arrayNode();
                samples.subList(from, Math.min(samples.size(), from + VALUES_PER_DOCUMENT)).forEach(values::add);
                ObjectNode document = document(now, name, "Milliseconds", List.of());
                document.set(name, values);
                sink.accept(document.toString());
            }
        });
    }

    private void write(long now, Meter.Id id, String unit, double value) {
        ObjectNode document = document(now, id.getName(), unit, id.getTags());
        document.put(id.getName(), value);
        sink.accept(document.toString());
    }

    private ObjectNode document(long now, String name, String unit, List<Tag> tags) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ObjectNode aws = document.putObject("_aws");
        aws.put("Timestamp", now);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", MetricNames.ORCHESTRATOR_NAMESPACE);
        ArrayNode dimensionSets = directive.putArray("Dimensions");
        for (List<String> set : dimensionSets(tags)) {
            ArrayNode names = dimensionSets.addArray();
            set.forEach(names::add);
        }
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit);
        document.put(MetricNames.DEPLOYMENT, deployment);
        tags.forEach(tag -> document.put(tag.getKey(), tag.getValue()));
        return document;
    }

    /** The full set, each tag alone, and the deployment alone: every dimension set an alarm or widget may read. */
    static List<List<String>> dimensionSets(List<Tag> tags) {
        List<List<String>> sets = new ArrayList<>();
        List<String> full = new ArrayList<>(List.of(MetricNames.DEPLOYMENT));
        tags.forEach(tag -> full.add(tag.getKey()));
        sets.add(full);
        if (tags.size() > 1) {
            tags.forEach(tag -> sets.add(List.of(MetricNames.DEPLOYMENT, tag.getKey())));
        }
        if (!tags.isEmpty()) {
            sets.add(List.of(MetricNames.DEPLOYMENT));
        }
        return sets;
    }

    private static String unitOf(String name) {
        return name.equals(MetricNames.TURN_CAPACITY_USED) ? "Percent" : "None";
    }
}
