package com.mangaassist.orchestrator.load;

import com.mangaassist.shared.routing.LatencyWindow;
import com.mangaassist.shared.routing.LoadSnapshot;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Everything the routing policy reads about this task's load, assembled per turn: turns admitted
 * and not yet finished, the process's CPU share, recent p99 time to first token, the overflow
 * queue's backlog and the GPU endpoint's load.
 */
public final class LoadTracker {

    /** How long a first-token sample counts: long enough to span a burst's onset, short enough to recover after spilling. */
    static final Duration TTFT_MAX_AGE = Duration.ofSeconds(15);
    /** Reading the process CPU load costs file reads; routing needs it fresh to a fraction of a second, not per turn. */
    private static final long CPU_REFRESH_NANOS = Duration.ofMillis(250).toNanos();

    private final int capacity;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LatencyWindow ttft = new LatencyWindow(1024, TTFT_MAX_AGE, Duration.ofMillis(250), System::nanoTime);
    private final OverflowQueueMonitor queue;
    private final GpuLoad gpu;
    private final DoubleSupplier processCpu;
    private volatile long cpuReadAt = System.nanoTime() - CPU_REFRESH_NANOS;
    private volatile double cpu;

    /** @param queue {@code null} when this task has no overflow queue */
    public LoadTracker(int capacity, OverflowQueueMonitor queue, GpuLoad gpu) {
        this(capacity, queue, gpu, processCpuLoad());
    }

    /** @param processCpu this process's recent CPU share, 0..1 (negative when unknown) */
    public LoadTracker(int capacity, OverflowQueueMonitor queue, GpuLoad gpu, DoubleSupplier processCpu) {
        this.capacity = capacity;
        this.queue = queue;
        this.gpu = gpu;
        this.processCpu = processCpu;
    }

    private static DoubleSupplier processCpuLoad() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os::getProcessCpuLoad : () -> 0;
    }

    public LoadSnapshot snapshot() {
        return new LoadSnapshot(inFlight.get(), capacity, cpu(), ttft.p99(),
                queue == null ? 0 : queue.depth(), queue == null ? Duration.ZERO : queue.oldestAgeBound(),
                gpu.saturation(), gpu.breakerState());
    }

    private double cpu() {
        long now = System.nanoTime();
        if (now - cpuReadAt >= CPU_REFRESH_NANOS) {
            cpuReadAt = now;
            cpu = Math.max(0, processCpu.getAsDouble());
        }
        return cpu;
    }

    public int capacity() {
        return capacity;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void turnStarted() {
        inFlight.incrementAndGet();
    }

    public void turnEnded() {
        inFlight.decrementAndGet();
    }

    public void firstToken(Duration timeToFirstToken) {
        ttft.record(timeToFirstToken);
    }

    public GpuLoad gpu() {
        return gpu;
    }
}
