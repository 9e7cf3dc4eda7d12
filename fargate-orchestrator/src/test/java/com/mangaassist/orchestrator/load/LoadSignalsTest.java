package com.mangaassist.orchestrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.routing.BreakerState;
import com.mangaassist.shared.routing.LatencyWindow;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadSignalsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void latencyWindow_reportsTheP99OfRecentSamples() {
        LatencyWindow window = new LatencyWindow(100, Duration.ofMinutes(1), Duration.ZERO, nanos::get);
        for (int ms = 1; ms <= 100; ms++) {
            window.record(Duration.ofMillis(ms));
        }

        assertThat(window.p99()).isEqualTo(Duration.ofMillis(99));
    }

    @Test
    void latencyWindow_whenNoSampleArrivesForLongerThanItsMaxAge_decaysToZero() {
        // A task in TTFT pressure spills every new turn, so no new samples come: the old ones must not hold it there.
        LatencyWindow window = new LatencyWindow(100, Duration.ofSeconds(15), Duration.ZERO, nanos::get);
        window.record(Duration.ofSeconds(4));
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        window.record(Duration.ofMillis(80));
        assertThat(window.p99()).isEqualTo(Duration.ofSeconds(4));

        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(window.p99()).isEqualTo(Duration.ofMillis(80));

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(window.p99()).isEqualTo(Duration.ZERO);
    }

    @Test
    void latencyWindow_forgetsSamplesOlderThanItsSize() {
        LatencyWindow window = new LatencyWindow(10, Duration.ofMinutes(1), Duration.ZERO, nanos::get);
        for (int i = 0; i < 10; i++) {
            window.record(Duration.ofSeconds(5));
        }
        for (int i = 0; i < 10; i++) {
            window.record(Duration.ofMillis(10));
        }

        assertThat(window.p99()).isEqualTo(Duration.ofMillis(10));
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
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            monitor.record(12);
            nanos.addAndGet(Duration.ofSeconds(7).toNanos());
            monitor.record(40);

            assertThat(monitor.depth()).isEqualTo(40);
            // The 12 may still be there, and they arrived after the empty poll 9 s ago.
            assertThat(monitor.oldestAgeBound()).isEqualTo(Duration.ofSeconds(9));

            monitor.record(0);
            assertThat(monitor.oldestAgeBound()).isZero();
        } finally {
            monitor.close();
        }
    }

    @Test
    void overflowQueue_whenAConsumerTakesEverythingBetweenPolls_ageStaysWithinOnePoll() {
        // Sustained spilling into a fast consumer: never empty at a poll, yet no message waits long.
        OverflowQueueMonitor monitor = new OverflowQueueMonitor(null, "unused", Duration.ofDays(1), nanos::get);
        try {
            monitor.record(0);
            for (int poll = 0; poll < 10; poll++) {
                for (int i = 0; i < 20; i++) {
                    monitor.notePublished();
                }
                nanos.addAndGet(Duration.ofSeconds(2).toNanos());
                monitor.record(3); // 20 published, 3 still visible: the 3 seen last time are gone
            }

            assertThat(monitor.oldestAgeBound()).isEqualTo(Duration.ofSeconds(2));
        } finally {
            monitor.close();
        }
    }

    @Test
    void overflowQueue_whenTheConsumerFallsBehind_ageKeepsGrowing() {
        OverflowQueueMonitor monitor = new OverflowQueueMonitor(null, "unused", Duration.ofDays(1), nanos::get);
        try {
            monitor.record(0);
            for (int poll = 0; poll < 6; poll++) {
                for (int i = 0; i < 20; i++) {
                    monitor.notePublished();
                }
                nanos.addAndGet(Duration.ofSeconds(2).toNanos());
                monitor.record(15L * (poll + 1)); // only 5 of each 20 leave: fewer than were waiting
            }

            assertThat(monitor.oldestAgeBound()).isEqualTo(Duration.ofSeconds(12));
        } finally {
            monitor.close();
        }
    }
}
