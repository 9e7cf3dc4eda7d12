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
        return builder()
                .taskHigh(1.0).taskLow(0.8)
                .cpuHigh(0.80).cpuLow(0.65)
                .ttftSla(Duration.ofSeconds(2)).ttftRecovery(0.8)
                .localQueueFactor(1.25)
                .gpuHigh(0.90).gpuLow(0.75).gpuShed(1.10)
                .queueDepthHigh(500).queueDepthLow(250)
                .queueAgeHigh(Duration.ofSeconds(10)).queueAgeLow(Duration.ofSeconds(5))
                .shedRetryAfter(Duration.ofSeconds(2))
                .degradedMaxOutput(256)
                .build();
    }

    /** An empty builder: every component must be set before {@link Builder#build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these thresholds, to change a few marks: {@code t.toBuilder().ttftSla(sla).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets the components one by one; {@link #build()} runs the record's checks. */
    public static final class Builder {

        private double taskHigh;
        private double taskLow;
        private double cpuHigh;
        private double cpuLow;
        private Duration ttftSla;
        private double ttftRecovery;
        private double localQueueFactor;
        private double gpuHigh;
        private double gpuLow;
        private double gpuShed;
        private long queueDepthHigh;
        private long queueDepthLow;
        private Duration queueAgeHigh;
        private Duration queueAgeLow;
        private Duration shedRetryAfter;
        private int degradedMaxOutput;

        private Builder() {
        }

        private Builder(RoutingThresholds t) {
            this.taskHigh = t.taskHigh;
            this.taskLow = t.taskLow;
            this.cpuHigh = t.cpuHigh;
            this.cpuLow = t.cpuLow;
            this.ttftSla = t.ttftSla;
            this.ttftRecovery = t.ttftRecovery;
            this.localQueueFactor = t.localQueueFactor;
            this.gpuHigh = t.gpuHigh;
            this.gpuLow = t.gpuLow;
            this.gpuShed = t.gpuShed;
            this.queueDepthHigh = t.queueDepthHigh;
            this.queueDepthLow = t.queueDepthLow;
            this.queueAgeHigh = t.queueAgeHigh;
            this.queueAgeLow = t.queueAgeLow;
            this.shedRetryAfter = t.shedRetryAfter;
            this.degradedMaxOutput = t.degradedMaxOutput;
        }

        public Builder taskHigh(double taskHigh) {
            this.taskHigh = taskHigh;
            return this;
        }

        public Builder taskLow(double taskLow) {
            this.taskLow = taskLow;
            return this;
        }

        public Builder cpuHigh(double cpuHigh) {
            this.cpuHigh = cpuHigh;
            return this;
        }

        public Builder cpuLow(double cpuLow) {
            this.cpuLow = cpuLow;
            return this;
        }

        public Builder ttftSla(Duration ttftSla) {
            this.ttftSla = ttftSla;
            return this;
        }

        public Builder ttftRecovery(double ttftRecovery) {
            this.ttftRecovery = ttftRecovery;
            return this;
        }

        public Builder localQueueFactor(double localQueueFactor) {
            this.localQueueFactor = localQueueFactor;
            return this;
        }

        public Builder gpuHigh(double gpuHigh) {
            this.gpuHigh = gpuHigh;
            return this;
        }

        public Builder gpuLow(double gpuLow) {
            this.gpuLow = gpuLow;
            return this;
        }

        public Builder gpuShed(double gpuShed) {
            this.gpuShed = gpuShed;
            return this;
        }

        public Builder queueDepthHigh(long queueDepthHigh) {
            this.queueDepthHigh = queueDepthHigh;
            return this;
        }

        public Builder queueDepthLow(long queueDepthLow) {
            this.queueDepthLow = queueDepthLow;
            return this;
        }

        public Builder queueAgeHigh(Duration queueAgeHigh) {
            this.queueAgeHigh = queueAgeHigh;
            return this;
        }

        public Builder queueAgeLow(Duration queueAgeLow) {
            this.queueAgeLow = queueAgeLow;
            return this;
        }

        public Builder shedRetryAfter(Duration shedRetryAfter) {
            this.shedRetryAfter = shedRetryAfter;
            return this;
        }

        public Builder degradedMaxOutput(int degradedMaxOutput) {
            this.degradedMaxOutput = degradedMaxOutput;
            return this;
        }

        /** The thresholds, checked as the canonical constructor checks them. */
        public RoutingThresholds build() {
            return new RoutingThresholds(taskHigh, taskLow, cpuHigh, cpuLow, ttftSla, ttftRecovery, localQueueFactor, gpuHigh, gpuLow,
                    gpuShed, queueDepthHigh, queueDepthLow, queueAgeHigh, queueAgeLow, shedRetryAfter, degradedMaxOutput);
        }
    }
}
