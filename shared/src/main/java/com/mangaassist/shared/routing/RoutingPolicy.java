package com.mangaassist.shared.routing;

import com.mangaassist.shared.domain.ModelTier;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides, for each new turn, whether this task runs it, spills it to the overflow queue, or sheds
 * it. Bottleneck-aware: a Lambda adds orchestration capacity, not GPU capacity, so when the GPU
 * endpoint is the bottleneck the policy degrades or sheds and never spills. Each pressure (task,
 * GPU, overflow backlog) is latched between a high and a low water mark so routes do not flap.
 *
 * <p>One instance per task; {@link #decide} is thread-safe and allocation-light. The decision
 * itself is the pure function {@link #decide(Pressure, LoadSnapshot)}.
 */
public final class RoutingPolicy {

    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final RoutingThresholds thresholds;
    private final SpillMode mode;
    private final DegradeHint degradeHint;
    private final AtomicReference<Pressure> pressure = new AtomicReference<>(Pressure.NONE);

    public RoutingPolicy(RoutingThresholds thresholds, SpillMode mode) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.degradeHint = new DegradeHint(thresholds.degradedMaxOutput(), ModelTier.SMALL);
    }

    /** What a shed turn tells its client to wait: also what admission says when it cannot take a message for any other reason. */
    public Duration shedRetryAfter() {
        return thresholds.shedRetryAfter();
    }

    public SpillMode mode() {
        return mode;
    }

    /** What a turn run under GPU pressure is limited to. */
    public DegradeHint degradeHint() {
        return degradeHint;
    }

    /** The latched pressures after the last decision (exported as gauges). */
    public Pressure pressure() {
        return pressure.get();
    }

    /** Updates the latched pressures from the snapshot, then decides. */
    public RoutingDecision decide(LoadSnapshot snapshot) {
        Pressure current = pressure.updateAndGet(previous -> previous.next(snapshot, thresholds));
        return decide(current, snapshot);
    }

    /** The decision for a snapshot under already-latched pressures. */
    public RoutingDecision decide(Pressure latched, LoadSnapshot s) {
        boolean withinLocalQueue = s.capacity() > 0 && s.inFlightTurns() < s.capacity() * thresholds.localQueueFactor();

        if (mode == SpillMode.OVERFLOW_ONLY) {
            if (s.gpuSaturation() >= thresholds.gpuShed()) {
                return shed(RoutingReason.GPU_SATURATED, thresholds.shedRetryAfter());
            }
            if (latched.overflowBacklogged()) {
                return shed(RoutingReason.OVERFLOW_BACKLOGGED, backlogRetryAfter(s));
            }
            return new RoutingDecision.Overflow(RoutingReason.OVERFLOW_ONLY_MODE);
        }

        if (latched.gpu()) {
            if (s.gpuSaturation() >= thresholds.gpuShed()) {
                return shed(RoutingReason.GPU_SATURATED, thresholds.shedRetryAfter());
            }
            if (latched.task() && !withinLocalQueue) {
                return shed(RoutingReason.HARD_LIMIT_REACHED, thresholds.shedRetryAfter());
            }
            RoutingReason reason = s.gpuBreaker() == BreakerState.OPEN && s.gpuSaturation() < thresholds.gpuHigh()
                    ? RoutingReason.GPU_BREAKER_OPEN : RoutingReason.GPU_SATURATED;
            return new RoutingDecision.Baseline(reason, degradeHint);
        }

        if (latched.task()) {
            if (mode == SpillMode.HYBRID && !latched.overflowBacklogged()) {
                return new RoutingDecision.Overflow(taskReason(s));
            }
            if (withinLocalQueue) {
                RoutingReason reason = mode == SpillMode.BASELINE_ONLY ? RoutingReason.SPILL_DISABLED : RoutingReason.OVERFLOW_BACKLOGGED;
                return RoutingDecision.Baseline.full(reason);
            }
            return shed(RoutingReason.HARD_LIMIT_REACHED,
                    mode == SpillMode.HYBRID ? backlogRetryAfter(s) : thresholds.shedRetryAfter());
        }

        return RoutingDecision.Baseline.full(RoutingReason.WITHIN_CAPACITY);
    }

    private RoutingReason taskReason(LoadSnapshot s) {
        if (s.taskLoad() >= thresholds.taskHigh()) {
            return RoutingReason.TASK_AT_CAPACITY;
        }
        if (s.cpuUtilization() >= thresholds.cpuHigh()) {
            return RoutingReason.TASK_CPU_HIGH;
        }
        if (s.ttftP99().compareTo(thresholds.ttftSla()) > 0) {
            return RoutingReason.TTFT_OVER_SLA;
        }
        return RoutingReason.TASK_RECOVERING;
    }

    /** A backlogged queue drains at roughly its oldest message's age: tell the client about that long. */
    private Duration backlogRetryAfter(LoadSnapshot s) {
        Duration age = s.overflowOldestAge();
        if (age.compareTo(thresholds.shedRetryAfter()) < 0) {
            return thresholds.shedRetryAfter();
        }
        return age.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : age;
    }

    private static RoutingDecision shed(RoutingReason reason, Duration retryAfter) {
        return new RoutingDecision.Shed(reason, retryAfter);
    }

    /**
     * The three latched pressures.
     *
     * @param task               this task is saturated (capacity, CPU, or TTFT with a healthy GPU)
     * @param gpu                the GPU endpoint is the bottleneck (saturated, or its breaker open)
     * @param overflowBacklogged the overflow queue is too deep or too old for spilling to help
     */
    public record Pressure(boolean task, boolean gpu, boolean overflowBacklogged) {

        public static final Pressure NONE = new Pressure(false, false, false);

        /** Enter at the high mark, leave only below the low mark. */
        public Pressure next(LoadSnapshot s, RoutingThresholds t) {
            boolean gpuEnter = s.gpuSaturation() >= t.gpuHigh() || s.gpuBreaker() == BreakerState.OPEN;
            boolean gpuExit = s.gpuSaturation() <= t.gpuLow() && s.gpuBreaker() != BreakerState.OPEN;
            boolean gpuNow = gpu ? !gpuExit : gpuEnter;

            // A slow first token is the task's fault only when the GPU is healthy.
            boolean ttftOver = s.ttftP99().compareTo(t.ttftSla()) > 0 && !gpuNow;
            boolean taskEnter = s.taskLoad() >= t.taskHigh() || s.cpuUtilization() >= t.cpuHigh() || ttftOver;
            boolean taskExit = s.taskLoad() <= t.taskLow() && s.cpuUtilization() <= t.cpuLow()
                    && s.ttftP99().toNanos() <= t.ttftSla().toNanos() * t.ttftRecovery();
            boolean taskNow = task ? !taskExit : taskEnter;

            boolean backlogEnter = s.overflowQueueDepth() >= t.queueDepthHigh() || s.overflowOldestAge().compareTo(t.queueAgeHigh()) >= 0;
            boolean backlogExit = s.overflowQueueDepth() <= t.queueDepthLow() && s.overflowOldestAge().compareTo(t.queueAgeLow()) <= 0;
            boolean backlogNow = overflowBacklogged ? !backlogExit : backlogEnter;

            if (taskNow == task && gpuNow == gpu && backlogNow == overflowBacklogged) {
                return this;
            }
            return new Pressure(taskNow, gpuNow, backlogNow);
        }
    }
}
