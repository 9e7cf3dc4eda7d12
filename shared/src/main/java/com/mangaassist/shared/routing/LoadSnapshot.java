package com.mangaassist.shared.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * What the task knows about load at the moment a turn arrives.
 *
 * @param inFlightTurns       turns this task is running now
 * @param capacity            turns this task runs at once before it counts as saturated
 *                            (0 forces every turn off the baseline, as tests and benches do)
 * @param cpuUtilization      this task's recent CPU use, 0..1
 * @param ttftP99             recent p99 time to first token on this task
 * @param overflowQueueDepth  approximate visible messages on the overflow queue
 * @param overflowOldestAge   age of the oldest message on the overflow queue
 * @param gpuSaturation       the GPU endpoint's load, 0..1 (running sequences over max-num-seqs,
 *                            or waiting requests, whichever is worse); above 1 means queueing
 * @param gpuBreaker          the orchestrator's breaker on the endpoint, or the endpoint's OOM breaker
 */
public record LoadSnapshot(
        int inFlightTurns,
        int capacity,
        double cpuUtilization,
        Duration ttftP99,
        long overflowQueueDepth,
        Duration overflowOldestAge,
        double gpuSaturation,
        BreakerState gpuBreaker) {

    public LoadSnapshot {
        Objects.requireNonNull(ttftP99, "ttftP99");
        Objects.requireNonNull(overflowOldestAge, "overflowOldestAge");
        Objects.requireNonNull(gpuBreaker, "gpuBreaker");
        if (inFlightTurns < 0 || capacity < 0 || overflowQueueDepth < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (!(cpuUtilization >= 0) || !(gpuSaturation >= 0)) {
            throw new IllegalArgumentException("utilizations must be non-negative numbers");
        }
    }

    /** In-flight turns over capacity; infinite at capacity 0 with any load, or 0 / 0. */
    public double taskLoad() {
        return capacity == 0 ? Double.POSITIVE_INFINITY : (double) inFlightTurns / capacity;
    }

    /** An idle task: everything zero, breaker closed. Tests and defaults start from here. */
    public static LoadSnapshot idle(int capacity) {
        return new LoadSnapshot(0, capacity, 0, Duration.ZERO, 0, Duration.ZERO, 0, BreakerState.CLOSED);
    }

    public LoadSnapshot withInFlight(int turns) {
        return new LoadSnapshot(turns, capacity, cpuUtilization, ttftP99, overflowQueueDepth, overflowOldestAge, gpuSaturation, gpuBreaker);
    }

    public LoadSnapshot withCpu(double cpu) {
        return new LoadSnapshot(inFlightTurns, capacity, cpu, ttftP99, overflowQueueDepth, overflowOldestAge, gpuSaturation, gpuBreaker);
    }

    public LoadSnapshot withTtftP99(Duration ttft) {
        return new LoadSnapshot(inFlightTurns, capacity, cpuUtilization, ttft, overflowQueueDepth, overflowOldestAge, gpuSaturation, gpuBreaker);
    }

    public LoadSnapshot withOverflowQueue(long depth, Duration oldestAge) {
        return new LoadSnapshot(inFlightTurns, capacity, cpuUtilization, ttftP99, depth, oldestAge, gpuSaturation, gpuBreaker);
    }

    public LoadSnapshot withGpu(double saturation, BreakerState breaker) {
        return new LoadSnapshot(inFlightTurns, capacity, cpuUtilization, ttftP99, overflowQueueDepth, overflowOldestAge, saturation, breaker);
    }
}
