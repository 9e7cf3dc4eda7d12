package com.mangaassist.orchestrator.admission;

import com.mangaassist.shared.routing.DegradeHint;
import com.mangaassist.shared.routing.RoutingDecision;
import com.mangaassist.shared.routing.RoutingReason;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one turn through per interval while the task sheds for GPU saturation. The saturation
 * reading only refreshes when an answer comes back, so a task that shed every turn would keep
 * acting on its last, saturated reading after the fleet drained; the admitted turn (degraded)
 * brings a fresh reading, the way a circuit breaker's half-open trial does.
 */
public final class GpuProbeGate {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong lastProbe;

    public GpuProbeGate(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.lastProbe = new AtomicLong(nanoClock.getAsLong() - intervalNanos);
    }

    /**
     * The decision to act on: a shed for GPU saturation becomes a degraded baseline turn for at most
     * one caller per interval; every other decision passes unchanged.
     */
    public RoutingDecision apply(RoutingDecision decision, DegradeHint degrade) {
        if (decision instanceof RoutingDecision.Shed shed && shed.reason() == RoutingReason.GPU_SATURATED && tryAcquire()) {
            return new RoutingDecision.Baseline(RoutingReason.GPU_SATURATED, degrade);
        }
        return decision;
    }

    /** True for at most one caller per interval. */
    boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        long last = lastProbe.get();
        return now - last >= intervalNanos && lastProbe.compareAndSet(last, now);
    }
}
