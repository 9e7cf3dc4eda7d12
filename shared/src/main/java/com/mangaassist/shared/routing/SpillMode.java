package com.mangaassist.shared.routing;

/** How a task may use the overflow path. Benchmarks compare all three side by side. */
public enum SpillMode {
    /** Baseline first; spill to the overflow queue when this task is saturated. */
    HYBRID,
    /** Never spill: queue locally within a bound, then shed. */
    BASELINE_ONLY,
    /** Send every turn to the overflow queue. */
    OVERFLOW_ONLY
}
