package com.mangaassist.shared.routing;

/** A circuit breaker's state, as the GPU endpoint and the orchestrator's client report it. */
public enum BreakerState {
    CLOSED,
    OPEN,
    HALF_OPEN
}
