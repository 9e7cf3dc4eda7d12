package com.mangaassist.planner.sim;

import com.mangaassist.shared.routing.LatencyWindow;
import com.mangaassist.shared.routing.RoutingPolicy;
import com.mangaassist.shared.routing.RoutingThresholds;
import com.mangaassist.shared.routing.SpillMode;
import com.mangaassist.shared.routing.TurnPlacement;
import java.time.Duration;

/**
 * One orchestrator task: its own {@link RoutingPolicy} (one per task, as in the service), its own
 * TTFT window (the orchestrator's {@link LatencyWindow}, with the orchestrator's size, age bound
 * and refresh), the turns it runs, and the CPU they cost.
 */
final class OrchestratorTask {

    enum State { STARTING, SERVING, DRAINING, GONE }

    /** As LoadTracker builds it: 1,024 samples, none older than 15 s, the p99 recomputed every 250 ms. */
    private static final int TTFT_SAMPLES = 1024;
    private static final Duration TTFT_MAX_AGE = Duration.ofSeconds(15);
    private static final Duration TTFT_REFRESH = Duration.ofMillis(250);
    /** CPU is read over the last second in four slices, as LoadTracker refreshes it every 250 ms. */
    private static final int CPU_SLICES = 4;

    final int id;
    final double launchedAt;
    final double servingAt;
    final RoutingPolicy policy;
    final LatencyWindow ttft;
    /** As AdmissionFactory builds it: one probe turn a second through a shed for GPU saturation, then the hard limits. */
    final TurnPlacement placement;
    private final double vcpu;
    private final double[] cpuMs = new double[CPU_SLICES];
    private long cpuSlice;
    private boolean cpuStarted;
    State state = State.STARTING;
    int inFlight;
    double drainedAt = Double.NaN;

    OrchestratorTask(int id, double now, double startSeconds, RoutingThresholds thresholds, SpillMode mode, double vcpu, EventLoop loop) {
        this.id = id;
        this.launchedAt = now;
        this.servingAt = now + startSeconds;
        this.policy = new RoutingPolicy(thresholds, mode);
        this.ttft = new LatencyWindow(TTFT_SAMPLES, TTFT_MAX_AGE, TTFT_REFRESH, loop.nanoClock());
        this.placement = new TurnPlacement(TurnPlacement.PROBE_INTERVAL, loop.nanoClock(), thresholds.shedRetryAfter());
        this.vcpu = vcpu;
    }

    void spendCpu(double now, double millis) {
        roll(now);
        cpuMs[(int) Math.floorMod(cpuSlice, (long) CPU_SLICES)] += millis;
    }

    /** CPU used over the last second, as a share of the task's vCPUs. */
    double cpuUtilization(double now) {
        roll(now);
        double total = 0;
        for (double slice : cpuMs) {
            total += slice;
        }
        return total / (1000.0 * vcpu);
    }

    private void roll(double now) {
        long slice = (long) Math.floor(now * CPU_SLICES);
        if (!cpuStarted) {
            cpuStarted = true;
            cpuSlice = slice;
            return;
        }
        while (cpuSlice < slice) {
            cpuSlice++;
            cpuMs[(int) Math.floorMod(cpuSlice, (long) CPU_SLICES)] = 0;
            if (slice - cpuSlice > CPU_SLICES) {
                cpuSlice = slice;
                java.util.Arrays.fill(cpuMs, 0);
            }
        }
    }
}
