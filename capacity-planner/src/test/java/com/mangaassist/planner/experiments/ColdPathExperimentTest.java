package com.mangaassist.planner.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeds' figures: ~120 s of first-hit exposure from cold, ~22 s at the start-time floor, none with min 2 and readiness. */
class ColdPathExperimentTest {

    private static final List<ColdPathExperiment.Row> ROWS = ColdPathExperiment.run();

    @Test
    void scaleToZero_exposesTheDropToAFullColdStart() {
        assertThat(row(0).result().longestNoWarmGpuSeconds()).isCloseTo(120, offset(2.0));
        assertThat(row(1).result().longestNoWarmGpuSeconds()).isCloseTo(22, offset(2.0));
    }

    @Test
    void minOne_whenItsInstanceIsReplaced_leavesTheDropWithoutAWarmInstance() {
        assertThat(row(2).result().longestNoWarmGpuSeconds()).isCloseTo(120, offset(2.0));
        // Without the readiness gate the container takes traffic at 45 s, cold: the wait shrinks, cold hits appear.
        assertThat(row(3).result().longestNoWarmGpuSeconds()).isCloseTo(45, offset(2.0));
        assertThat(row(3).result().total().coldHits).isPositive();
    }

    @Test
    void minTwoWithReadiness_neverMeetsACold() {
        ColdPathExperiment.Row platform = row(4);

        assertThat(platform.result().longestNoWarmGpuSeconds()).isZero();
        assertThat(platform.result().coldExposure()).isZero();
        assertThat(platform.result().total().slaAttainment()).isGreaterThan(row(2).result().total().slaAttainment());
    }

    private static ColdPathExperiment.Row row(int index) {
        return ROWS.get(index);
    }
}
