package com.mangaassist.orchestrator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GpuProbeGateTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final GpuProbeGate gate = new GpuProbeGate(Duration.ofSeconds(1), nanos::get);

    @Test
    void tryAcquire_letsOneTurnThroughPerInterval() {
        assertThat(gate.tryAcquire()).isTrue();
        assertThat(gate.tryAcquire()).isFalse();

        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(gate.tryAcquire()).isFalse();

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(gate.tryAcquire()).isTrue();
        assertThat(gate.tryAcquire()).isFalse();
    }
}
