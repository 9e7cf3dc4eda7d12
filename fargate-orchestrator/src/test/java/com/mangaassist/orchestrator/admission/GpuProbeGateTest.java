package com.mangaassist.orchestrator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.routing.DegradeHint;
import com.mangaassist.shared.routing.RoutingDecision;
import com.mangaassist.shared.routing.RoutingReason;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GpuProbeGateTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final GpuProbeGate gate = new GpuProbeGate(Duration.ofSeconds(1), nanos::get);

    private static final DegradeHint DEGRADE = new DegradeHint(256, ModelTier.SMALL);

    @Test
    void apply_whenShedForGpuSaturation_runsOneTurnDegradedPerIntervalAndShedsTheRest() {
        RoutingDecision shed = new RoutingDecision.Shed(RoutingReason.GPU_SATURATED, Duration.ofSeconds(2));

        assertThat(gate.apply(shed, DEGRADE)).isEqualTo(new RoutingDecision.Baseline(RoutingReason.GPU_SATURATED, DEGRADE));
        assertThat(gate.apply(shed, DEGRADE)).isSameAs(shed);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(gate.apply(shed, DEGRADE)).isInstanceOf(RoutingDecision.Baseline.class);
    }

    @Test
    void apply_whenShedForAnotherReasonOrNotShed_passesTheDecisionUnchanged() {
        RoutingDecision hardLimit = new RoutingDecision.Shed(RoutingReason.HARD_LIMIT_REACHED, Duration.ofSeconds(2));
        RoutingDecision spill = new RoutingDecision.Overflow(RoutingReason.TASK_AT_CAPACITY);

        assertThat(gate.apply(hardLimit, DEGRADE)).isSameAs(hardLimit);
        assertThat(gate.apply(spill, DEGRADE)).isSameAs(spill);
        assertThat(gate.tryAcquire()).as("nothing above used the interval's probe").isTrue();
    }

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
