package com.mangaassist.planner.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.planner.sim.VariantCountOnUpdate;
import com.mangaassist.shared.contract.ScalingTargets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A release at peak on the prod preset: no capacity dip with the count retained; the old reset to the minimum, for contrast. */
class ReleaseAtPeakExperimentTest {

    private static final List<ReleaseAtPeakExperiment.Row> ROWS = ReleaseAtPeakExperiment.run();

    @Test
    void releaseAtPeak_whenTheVariantsCountIsRetained_neverServesWithFewerInstancesThanBefore() {
        ReleaseAtPeakExperiment.Row retained = row(VariantCountOnUpdate.RETAINED);

        assertThat(retained.servingBefore()).as("scaled out at the release").isGreaterThan(ScalingTargets.MIN_GPU_INSTANCES + 2);
        assertThat(retained.fewestServingAfterwards()).isEqualTo(retained.servingBefore());
        assertThat(retained.result().total().shedTurns).isZero();
    }

    @Test
    void releaseAtPeak_whenTheConfigsInitialCountApplied_dippedToTheMinimumAndMissedTheSla() {
        ReleaseAtPeakExperiment.Row retained = row(VariantCountOnUpdate.RETAINED);
        ReleaseAtPeakExperiment.Row reset = row(VariantCountOnUpdate.INITIAL_COUNT);

        assertThat(reset.servingBefore()).isEqualTo(retained.servingBefore());
        assertThat(reset.fewestServingAfterwards()).isEqualTo(ScalingTargets.MIN_GPU_INSTANCES);
        assertThat(reset.slaAttainmentAfterwards()).isLessThan(retained.slaAttainmentAfterwards() - 0.1);
    }

    private static ReleaseAtPeakExperiment.Row row(VariantCountOnUpdate count) {
        return ROWS.stream().filter(r -> r.count() == count).findFirst().orElseThrow();
    }
}
