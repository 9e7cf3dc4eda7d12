package com.mangaassist.shared.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * High and low water marks. A pressure is entered at its high mark and left only below its low
 * mark, so a load hovering at a threshold does not flip every turn between routes.
 *
 * @param taskHigh          in-flight/capacity at which the task counts as saturated (1.0 = full)
 * @param taskLow           ... and below which it recovers
 * @param cpuHigh           CPU share at which the task counts as saturated
 * @param cpuLow            ... and below which it recovers
 * @param ttftSla           p99 time-to-first-token objective; above it, with the GPU not the
 *                          cause, the task counts as saturated
 * @param ttftRecovery      share of the SLA the p99 must fall below to recover
 * @param localQueueFactor  in-flight/capacity up to which a turn that cannot spill waits locally
 *                          (the bounded queue); beyond it the turn is shed
 * @param gpuHigh           endpoint saturation at which the GPU counts as the bottleneck
 * @param gpuLow            ... and below which it recovers
 * @param gpuShed           endpoint saturation at which turns are shed rather than degraded
 * @param queueDepthHigh    overflow queue depth at which spilling stops helping
 * @param queueDepthLow     ... and below which spilling resumes
 * @param queueAgeHigh      age of the oldest overflow message at which spilling stops helping
 * @param queueAgeLow       ... and below which spilling resumes
 * @param shedRetryAfter    what a shed turn tells the client to wait
 * @param degradedMaxOutput output tokens a degraded turn may generate
 */
public record RoutingThresholds(
        double taskHigh,
        double taskLow,
        double cpuHigh,
        double cpuLow,
        Duration ttftSla,
        double ttftRecovery,
        double localQueueFactor,
        double gpuHigh,
        double gpuLow,
        double gpuShed,
        long queueDepthHigh,
        long queueDepthLow,
        Duration queueAgeHigh,
        Duration queueAgeLow,
        Duration shedRetryAfter,
        int degradedMaxOutput) {

    public RoutingThresholds {
        Objects.requireNonNull(ttftSla, "ttftSla");
        Objects.requireNonNull(queueAgeHigh, "queueAgeHigh");
        Objects.requireNonNull(queueAgeLow, "queueAgeLow");
        Objects.requireNonNull(shedRetryAfter, "shedRetryAfter");
        requireBand("task", taskLow, taskHigh);
        requireBand("cpu", cpuLow, cpuHigh);
        requireBand("gpu", gpuLow, gpuHigh);
        if (gpuShed < gpuHigh) {
            throw new IllegalArgumentException("gpuShed must be at least gpuHigh");
        }
        if (localQueueFactor < taskHigh) {
            throw new IllegalArgumentException("localQueueFactor must be at least taskHigh");
        }
        if (queueDepthLow > queueDepthHigh || queueAgeLow.compareTo(queueAgeHigh) > 0) {
            throw new IllegalArgumentException("overflow queue low marks must not exceed high marks");
        }
        if (!(ttftRecovery > 0 && ttftRecovery <= 1)) {
            throw new IllegalArgumentException("ttftRecovery must be within (0, 1]");
        }
        if (degradedMaxOutput < 1) {
            throw new IllegalArgumentException("degradedMaxOutput must be positive");
        }
    }

    private static void requireBand(String name, double low, double high) {
        if (!(low >= 0 && low <= high)) {
            throw new IllegalArgumentException(name + " low mark must be within [0, high]");
        }
    }

    /** Defaults from the seeds: spill at full capacity or 80 % CPU, SLA 2 s, queue bound 1.25x. */
    public static RoutingThresholds defaults() {
        return new RoutingThresholds(1.0, 0.8, 0.80, 0.65, Duration.ofSeconds(2), 0.8, 1.25,
                0.90, 0.75, 1.10, 500, 250, Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(2), 256);
    }
}
