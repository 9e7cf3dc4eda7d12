package com.mangaassist.bench;

import com.mangaassist.shared.routing.BreakerState;
import com.mangaassist.shared.routing.LoadSnapshot;
import com.mangaassist.shared.routing.RoutingDecision;
import com.mangaassist.shared.routing.RoutingPolicy;
import com.mangaassist.shared.routing.RoutingThresholds;
import com.mangaassist.shared.routing.SpillMode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision per turn, cycling through snapshots that cross every pressure's marks so
 * the hysteresis state actually changes; run with two threads to include CAS contention.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingPolicyBenchmark {

    private RoutingPolicy policy;
    private LoadSnapshot[] snapshots;

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup
    public void setUp() {
        policy = new RoutingPolicy(RoutingThresholds.defaults(), SpillMode.HYBRID);
        LoadSnapshot idle = LoadSnapshot.idle(16);
        snapshots = new LoadSnapshot[] {
            idle, idle.withInFlight(15), idle.withInFlight(16), idle.withInFlight(12),
            idle.withCpu(0.9), idle.withCpu(0.5), idle.withTtftP99(Duration.ofSeconds(3)), idle,
            idle.withGpu(0.95, BreakerState.CLOSED), idle.withGpu(0.5, BreakerState.OPEN), idle.withGpu(0.1, BreakerState.CLOSED),
            idle.withInFlight(17).withOverflowQueue(600, Duration.ofSeconds(3)), idle.withOverflowQueue(100, Duration.ZERO), idle,
        };
    }

    @Benchmark
    @Threads(2)
    public RoutingDecision decide(Cursor cursor) {
        LoadSnapshot snapshot = snapshots[cursor.next];
        cursor.next = (cursor.next + 1) % snapshots.length;
        return policy.decide(snapshot);
    }
}
