package com.mangaassist.orchestrator.metrics;

import com.mangaassist.shared.contract.MetricNames;
import java.util.Map;
import java.util.Objects;

/**
 * The latencies published as distributions (every sample of a step, which CloudWatch takes
 * percentiles of across tasks) rather than as one value per step: time to first token and
 * retrieval time. Keyed by the metric each one is published as.
 */
public record LatencySamples(SampleReservoir ttft, SampleReservoir retrieval) {

    public LatencySamples {
        Objects.requireNonNull(ttft, "ttft");
        Objects.requireNonNull(retrieval, "retrieval");
    }

    /** Each reservoir keeping up to {@code perStep} samples a step. */
    public static LatencySamples keeping(int perStep) {
        return new LatencySamples(new SampleReservoir(perStep), new SampleReservoir(perStep));
    }

    Map<String, SampleReservoir> byMetric() {
        return Map.of(MetricNames.TURN_TTFT, ttft, MetricNames.RETRIEVAL_LATENCY, retrieval);
    }
}
