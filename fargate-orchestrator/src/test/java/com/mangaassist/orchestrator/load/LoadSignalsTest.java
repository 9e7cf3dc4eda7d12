package com.mangaassist.orchestrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.routing.BreakerState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadSignalsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void latencyWindow_reportsTheP99OfRecentSamples() {
        LatencyWindow window = new LatencyWindow(100, Duration.ZERO);
        for (int ms = 1; ms <= 100; ms++) {
            window.record(Duration.ofMillis(ms));
        }

        assertThat(window.p99(nanos.get())).isEqualTo(Duration.ofMillis(99));
    }

    @Test
    void latencyWindow_forgetsSamplesOlderThanItsSize() {
        LatencyWindow window = new LatencyWindow(10, Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            window.record(Duration.ofSeconds(5));
        }
        for (int i = 0; i < 10; i++) {
            window.record(Duration.ofMillis(10));
        }

        assertThat(window.p99(nanos.get())).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void gpuLoad_whenTheLastReadingIsStale_reportsNoSaturation() {
        GpuLoad gpu = new GpuLoad(CircuitBreaker.ofDefaults("gpu"), nanos::get, Duration.ofSeconds(30));
        gpu.observeSaturation(1.4);
        assertThat(gpu.saturation()).isEqualTo(1.4);

        nanos.addAndGet(Duration.ofSeconds(31).toNanos());

        assertThat(gpu.saturation()).isZero();
        assertThat(gpu.breakerState()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void overflowQueue_ageIsBoundedBySinceWhenItWasLastSeenEmpty() {
        OverflowQueueMonitor monitor = new OverflowQueueMonitor(null, "unused", Duration.ofDays(1), nanos::get);
        try {
            monitor.record(0);
            monitor.record(12);
            nanos.addAndGet(Duration.ofSeconds(7).toNanos());
            monitor.record(40);

            assertThat(monitor.depth()).isEqualTo(40);
            assertThat(monitor.oldestAgeBound()).isEqualTo(Duration.ofSeconds(7));

            monitor.record(0);
            assertThat(monitor.oldestAgeBound()).isZero();
        } finally {
            monitor.close();
        }
    }
}
