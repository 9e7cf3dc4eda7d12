package com.mangaassist.planner.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogNormalTest {

    @Test
    void throughMedianAndP99_whenSampled_hasThatMedianAndP99() {
        LogNormal latency = LogNormal.throughMedianAndP99(55.8, 124.9);
        SplittableRandom random = new SplittableRandom(7);
        double[] draws = new double[200_000];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = latency.sample(random);
        }
        Arrays.sort(draws);

        assertThat(latency.median()).isCloseTo(55.8, withPercentage(1e-9));
        assertThat(latency.p99()).isCloseTo(124.9, withPercentage(1e-9));
        assertThat(draws[draws.length / 2]).isCloseTo(55.8, withPercentage(1));
        assertThat(draws[(int) (draws.length * 0.99)]).isCloseTo(124.9, withPercentage(3));
    }

    @Test
    void throughMedianAndP99_whenBothEqual_isThatValueAlways() {
        LogNormal fixed = LogNormal.throughMedianAndP99(80, 80);
        SplittableRandom random = new SplittableRandom(1);

        for (int i = 0; i < 100; i++) {
            assertThat(fixed.sample(random)).isCloseTo(80, withPercentage(1e-9));
        }
    }

    @Test
    void throughMedianAndP99_whenP99BelowMedian_refuses() {
        assertThatThrownBy(() -> LogNormal.throughMedianAndP99(100, 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withMean_whenSampled_hasThatMean() {
        LogNormal tokens = LogNormal.withMean(180, 0.6);
        SplittableRandom random = new SplittableRandom(3);
        double sum = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            sum += tokens.sample(random);
        }

        assertThat(sum / n).isCloseTo(180, withPercentage(1));
    }
}
