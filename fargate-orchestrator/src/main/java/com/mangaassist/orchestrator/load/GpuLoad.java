package com.mangaassist.orchestrator.load;

import com.mangaassist.shared.routing.BreakerState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What this task knows about the GPU endpoint's load: the saturation the endpoint reported with its
 * latest answer (SageMaker custom attributes) and the state of this task's breaker on it. A
 * reading older than {@code staleAfter} no longer counts: with no recent answers there is no
 * evidence of saturation, and the breaker covers an endpoint that stopped answering. While the
 * task sheds for GPU pressure, {@code TurnPlacement}'s one turn a second keeps the reading fresh.
 */
public final class GpuLoad {

    private final CircuitBreaker breaker;
    private final LongSupplier nanoClock;
    private final long staleAfterNanos;
    private volatile double saturation;
    private volatile long observedAt;

    public GpuLoad(CircuitBreaker breaker, LongSupplier nanoClock, Duration staleAfter) {
        this.breaker = breaker;
        this.nanoClock = nanoClock;
        this.staleAfterNanos = staleAfter.toNanos();
        this.observedAt = nanoClock.getAsLong() - staleAfterNanos - 1;
    }

    public void observeSaturation(double value) {
        saturation = value;
        observedAt = nanoClock.getAsLong();
    }

    public double saturation() {
        return nanoClock.getAsLong() - observedAt > staleAfterNanos ? 0 : saturation;
    }

    public BreakerState breakerState() {
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> BreakerState.OPEN;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
            default -> BreakerState.CLOSED;
        };
    }
}
