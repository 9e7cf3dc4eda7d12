package com.mangaassist.planner.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The calibration replay behaves as the bench did: what each mode did with the burst, not how fast this machine is. */
class BenchCalibrationTest {

    private static final List<BenchCalibration.Row> ROWS = BenchCalibration.run();

    @Test
    void hybrid_spillsAboutHalfTheBurstAndHoldsTheSla() {
        BenchCalibration.Row burst = row("hybrid", "burst");

        assertThat(burst.spilled()).isBetween(0.35, 0.65);
        assertThat(burst.ttftP99()).isLessThan(2000);
        assertThat(row("hybrid", "steady").spilled()).isZero();
        assertThat(burst.measured()).isNotNull();
    }

    @Test
    void baselineOnly_cannotAnswerTheBurstsTail() {
        assertThat(row("baseline-only", "burst").ttftP99()).isInfinite();
        assertThat(row("baseline-only", "burst").spilled()).isZero();
    }

    @Test
    void overflowOnly_spillsEverything() {
        assertThat(row("overflow-only", "all").spilled()).isEqualTo(1.0);
    }

    private static BenchCalibration.Row row(String mode, String phase) {
        return ROWS.stream().filter(r -> r.mode().equals(mode) && r.phase().equals(phase)).findFirst().orElseThrow();
    }
}
