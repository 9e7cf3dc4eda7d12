package com.mangaassist.shared.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.domain.ModelTier;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TurnPlacementTest {

    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final DegradeHint DEGRADE = new DegradeHint(256, ModelTier.SMALL);
    private static final RoutingDecision BASELINE = new RoutingDecision.Baseline(RoutingReason.WITHIN_CAPACITY, null);
    private static final RoutingDecision GPU_SHED = new RoutingDecision.Shed(RoutingReason.GPU_SATURATED, Duration.ofSeconds(5));

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final TurnPlacement placement = new TurnPlacement(Duration.ofSeconds(1), nanos::get, RETRY);

    @Test
    void place_whenTheTaskHasRoom_keepsThePolicysDecision() {
        assertThat(placement.place(BASELINE, DEGRADE, true, true)).isSameAs(BASELINE);
    }

    @Test
    void place_whenABaselineTurnFindsNoRoom_spillsForTheHardLimit() {
        assertThat(placement.place(BASELINE, DEGRADE, false, true)).isEqualTo(new RoutingDecision.Overflow(RoutingReason.HARD_LIMIT_REACHED));
    }

    @Test
    void place_whenNoRoomAndNoOverflowPath_shedsForTheHardLimitWithTheRetryAfter() {
        assertThat(placement.place(BASELINE, DEGRADE, false, false)).isEqualTo(new RoutingDecision.Shed(RoutingReason.HARD_LIMIT_REACHED, RETRY));
    }

    @Test
    void place_whenThePolicySpillsWithoutAnOverflowPath_shedsAsBacklogged() {
        RoutingDecision spill = new RoutingDecision.Overflow(RoutingReason.TASK_AT_CAPACITY);

        assertThat(placement.place(spill, DEGRADE, true, false)).isEqualTo(new RoutingDecision.Shed(RoutingReason.OVERFLOW_BACKLOGGED, RETRY));
    }

    @Test
    void place_whenShedForGpuSaturation_runsOneTurnDegradedPerIntervalAndShedsTheRest() {
        assertThat(placement.place(GPU_SHED, DEGRADE, true, true)).isEqualTo(new RoutingDecision.Baseline(RoutingReason.GPU_SATURATED, DEGRADE));
        assertThat(placement.place(GPU_SHED, DEGRADE, true, true)).isSameAs(GPU_SHED);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(placement.place(GPU_SHED, DEGRADE, true, true)).isInstanceOf(RoutingDecision.Baseline.class);
    }

    @Test
    void place_whenTheProbeFindsNoRoom_spillsItLikeAnyBaselineTurn() {
        assertThat(placement.place(GPU_SHED, DEGRADE, false, true)).isEqualTo(new RoutingDecision.Overflow(RoutingReason.HARD_LIMIT_REACHED));
    }

    @Test
    void place_whenShedForAnotherReason_keepsTheShedAndLeavesTheProbeUnused() {
        RoutingDecision hardLimit = new RoutingDecision.Shed(RoutingReason.HARD_LIMIT_REACHED, Duration.ofSeconds(2));

        assertThat(placement.place(hardLimit, DEGRADE, false, false)).isSameAs(hardLimit);
        assertThat(placement.tryProbe()).as("nothing above used the interval's probe").isTrue();
    }

    @Test
    void tryProbe_letsOneTurnThroughPerInterval() {
        assertThat(placement.tryProbe()).isTrue();
        assertThat(placement.tryProbe()).isFalse();

        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(placement.tryProbe()).isFalse();

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(placement.tryProbe()).isTrue();
    }

    @Test
    void localQueueLimit_isAtLeastEightAndOtherwiseTheCapacity() {
        assertThat(TurnPlacement.localQueueLimit(4)).isEqualTo(8);
        assertThat(TurnPlacement.localQueueLimit(128)).isEqualTo(128);
    }
}
