package com.mangaassist.shared.routing;

/** Why a turn was routed where it was; a metric dimension, so the set is small and stable. */
public enum RoutingReason {
    WITHIN_CAPACITY,
    TASK_AT_CAPACITY,
    TASK_CPU_HIGH,
    TTFT_OVER_SLA,
    /** The task left saturation but is not yet below every low-water mark. */
    TASK_RECOVERING,
    OVERFLOW_ONLY_MODE,
    /** Spilling is off; the turn waits in this task's bounded queue. */
    SPILL_DISABLED,
    /** The overflow queue is too deep or too old to help; the turn waits here instead. */
    OVERFLOW_BACKLOGGED,
    /** The GPU endpoint is the bottleneck: spilling adds orchestration, not GPU capacity. */
    GPU_SATURATED,
    GPU_BREAKER_OPEN,
    /** Beyond the bounded local queue with nowhere to spill. */
    HARD_LIMIT_REACHED,
    /** This task is shutting down: new turns go to the overflow queue, or are shed where there is none. */
    TASK_DRAINING
}
