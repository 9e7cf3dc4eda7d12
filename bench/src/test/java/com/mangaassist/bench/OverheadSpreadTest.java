package com.mangaassist.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OverheadSpreadTest {

    @Test
    void of_whenThreeRuns_givesTheMiddleAndTheRange() {
        OverheadScenario.Spread spread = OverheadScenario.Spread.of(new double[] {40, 10, 30});

        assertThat(spread).isEqualTo(new OverheadScenario.Spread(30, 10, 40));
        assertThat(spread.format("%.0f")).isEqualTo("30 (10–40)");
    }

    @Test
    void of_whenAnEvenNumberOfRuns_averagesTheMiddleTwo() {
        assertThat(OverheadScenario.Spread.of(new double[] {4, 1, 3, 2}).median()).isEqualTo(2.5);
    }
}
