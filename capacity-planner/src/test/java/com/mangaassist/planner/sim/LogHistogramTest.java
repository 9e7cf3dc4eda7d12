package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;

class LogHistogramTest {

    @Test
    void quantile_isWithinOnePercentOfTheExactValue() {
        LogHistogram histogram = new LogHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.record(ms);
        }

        assertThat(histogram.quantile(0.5)).isCloseTo(500, withPercentage(1.01));
        assertThat(histogram.quantile(0.99)).isCloseTo(990, withPercentage(1.01));
    }

    @Test
    void quantile_whenItFallsAmongNeverAnsweredTurns_isInfinite() {
        LogHistogram histogram = new LogHistogram();
        for (int i = 0; i < 98; i++) {
            histogram.record(10);
        }
        histogram.recordNever();
        histogram.recordNever();

        assertThat(histogram.quantile(0.98)).isCloseTo(10, withPercentage(1.01));
        assertThat(histogram.quantile(0.99)).isInfinite();
        assertThat(histogram.count()).isEqualTo(100);
    }

    @Test
    void quantile_whenEmpty_isNaN() {
        assertThat(new LogHistogram().quantile(0.5)).isNaN();
    }
}
