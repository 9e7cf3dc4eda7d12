package com.mangaassist.shared.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Where a task places a turn once {@link RoutingPolicy} has decided. The policy reads load signals
 * that lag, so admission corrects it with two facts of the moment:
 * <ul>
 *   <li><b>A probe through a GPU shed.</b> The GPU's saturation reading only refreshes when an
 *       answer comes back, so a task that shed every turn would keep acting on its last, saturated
 *       reading after the fleet drained. One turn per interval (degraded) goes through and brings a
 *       fresh reading, the way a circuit breaker's half-open trial does.</li>
 *   <li><b>The hard limits.</b> A baseline turn the task has no room to run spills (or is shed when
 *       there is no overflow path), and a spill with no overflow path is shed.</li>
 * </ul>
 * The orchestrator's admission and the capacity planner's model of it both place turns here, so
 * the plan cannot drift from what the service does.
 */
public final class TurnPlacement {

    /** One probe a second through a GPU shed. */
    public static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final long probeIntervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong lastProbe;
    private final Duration shedRetryAfter;

    /**
     * @param shedRetryAfter what a shed tells the client to wait ({@link RoutingThresholds#shedRetryAfter()})
     */
    public TurnPlacement(Duration probeInterval, LongSupplier nanoClock, Duration shedRetryAfter) {
        this.probeIntervalNanos = probeInterval.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.lastProbe = new AtomicLong(nanoClock.getAsLong() - probeIntervalNanos);
        this.shedRetryAfter = Objects.requireNonNull(shedRetryAfter, "shedRetryAfter");
    }

    /**
     * How many turns a task queues beyond the ones it runs ({@code capacity} threads): at least 8, so
     * a small task still absorbs a burst's first moments, and otherwise as many as it runs.
     */
    public static int localQueueLimit(int capacity) {
        return Math.max(8, capacity);
    }

    /**
     * @param decided           the policy's decision (or the task's own, while it drains)
     * @param degrade           how a probe turn is degraded ({@link RoutingPolicy#degradeHint()})
     * @param roomToRunHere     whether the task can take one more turn now (its executor's queue has room)
     * @param overflowAvailable whether this task has an overflow path to publish to
     */
    public RoutingDecision place(RoutingDecision decided, DegradeHint degrade, boolean roomToRunHere, boolean overflowAvailable) {
        RoutingDecision placed = decided;
        if (placed instanceof RoutingDecision.Shed shed && shed.reason() == RoutingReason.GPU_SATURATED && tryProbe()) {
            placed = new RoutingDecision.Baseline(RoutingReason.GPU_SATURATED, degrade);
        }
        if (placed instanceof RoutingDecision.Baseline && !roomToRunHere) {
            placed = overflowAvailable ? new RoutingDecision.Overflow(RoutingReason.HARD_LIMIT_REACHED)
                    : new RoutingDecision.Shed(RoutingReason.HARD_LIMIT_REACHED, shedRetryAfter);
        }
        if (placed instanceof RoutingDecision.Overflow && !overflowAvailable) {
            placed = new RoutingDecision.Shed(RoutingReason.OVERFLOW_BACKLOGGED, shedRetryAfter);
        }
        return placed;
    }

    /** True for at most one caller per interval. */
    boolean tryProbe() {
        long now = nanoClock.getAsLong();
        long last = lastProbe.get();
        return now - last >= probeIntervalNanos && lastProbe.compareAndSet(last, now);
    }
}
