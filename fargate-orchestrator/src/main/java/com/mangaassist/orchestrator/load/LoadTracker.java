package com.mangaassist.orchestrator.load;

import com.mangaassist.shared.routing.LoadSnapshot;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the routing policy reads about this task's load, assembled per turn: turns admitted
 * and not yet finished, the process's CPU share, recent p99 time to first token, the overflow
 * queue's backlog and the GPU endpoint's load.
 */
public final class LoadTracker {

    private final int capacity;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LatencyWindow ttft = new LatencyWindow(1024, Duration.ofMillis(250));
    private final OverflowQueueMonitor queue;
    private final GpuLoad gpu;
    private final com.sun.management.OperatingSystemMXBean os;

    /** @param queue {@code null} when this task has no overflow queue */
    public LoadTracker(int capacity, OverflowQueueMonitor queue, GpuLoad gpu) {
        this.capacity = capacity;
        this.queue = queue;
        this.gpu = gpu;
        this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean ? bean : null;
    }

    public LoadSnapshot snapshot() {
        double cpu = os == null ? 0 : Math.max(0, os.getProcessCpuLoad());
        return new LoadSnapshot(inFlight.get(), capacity, cpu, ttft.p99(System.nanoTime()),
                queue == null ? 0 : queue.depth(), queue == null ? Duration.ZERO : queue.oldestAgeBound(),
                gpu.saturation(), gpu.breakerState());
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
