package com.mangaassist.planner.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.mangaassist.planner.TestConfigs;
import com.mangaassist.planner.config.PlannerConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

    private static final PlannerConfig.Spike DROP = new PlannerConfig.Spike(600, 10, 60, 400);

    @Test
    void spikeFactor_risesLinearlyToTheFactorThenDecaysExponentially() {
        TrafficGenerator generator = new TrafficGenerator(TestConfigs.withTraffic(PlannerConfig.defaults(), 1000, 1, 1800, List.of(DROP)).traffic());

        assertThat(generator.spikeFactor(599)).isEqualTo(1);
        assertThat(generator.spikeFactor(630)).isCloseTo(5.5, offset(1e-9));
        assertThat(generator.spikeFactor(660)).isCloseTo(10, offset(1e-9));
        assertThat(generator.spikeFactor(1060)).isCloseTo(1 + 9 / Math.E, offset(1e-9));
        // "Decaying over 20 minutes": within 5 % of the excess 20 minutes after the peak.
        assertThat(generator.spikeFactor(1860) - 1).isLessThan(9 * 0.05);
    }

    @Test
    void turnRate_followsTheDailyCosine() {
        PlannerConfig.TrafficSettings t = TestConfigs.small(36_000, 3600).traffic();
        TrafficGenerator generator = new TrafficGenerator(t);
        double base = 36_000 * 0.3 / 3600;
        double hour = t.startHour();

        assertThat(generator.turnRate(0)).isCloseTo(base * (1 + t.diurnalAmplitude() * Math.cos(2 * Math.PI * (hour - t.diurnalPeakHour()) / 24)),
                offset(1e-9));
    }

    @Test
    void next_generatesAboutTheIntegralOfTheRateInTimeOrder() {
        PlannerConfig.TrafficSettings t = TestConfigs.withTraffic(PlannerConfig.defaults(), 200_000, 0.3, 1800, List.of(DROP)).traffic();
        TrafficGenerator generator = new TrafficGenerator(t);
        double expected = 0;
        for (double s = 0; s < 1800; s += 0.1) {
            expected += generator.turnRate(s) * 0.1;
        }
        long turns = 0;
        double previous = 0;
        Set<String> conversations = new HashSet<>();
        long japanese = 0;
        for (TraceTurn turn = generator.next(); turn != null; turn = generator.next()) {
            assertThat(turn.at()).isGreaterThanOrEqualTo(previous);
            previous = turn.at();
            turns++;
            conversations.add(turn.conversation());
            japanese += turn.locale().equals("ja") ? 1 : 0;
            assertThat(turn.tokensOut()).isBetween(1, 512);
        }
        // Turns of conversations begun before the end may follow it; the count is within a few percent either way.
        assertThat((double) turns).isCloseTo(expected, offset(expected * 0.05));
        assertThat((double) turns / conversations.size()).isCloseTo(4, offset(0.3));
        assertThat((double) japanese / turns).isCloseTo(0.7, offset(0.03));
    }

    @Test
    void next_withPhases_generatesEachPhasesRate() {
        PlannerConfig base = com.mangaassist.planner.experiments.BenchCalibration.config();
        TrafficGenerator generator = new TrafficGenerator(base.traffic());
        long steady = 0;
        long burst = 0;
        for (TraceTurn turn = generator.next(); turn != null; turn = generator.next()) {
            if (turn.at() < 30) {
                steady++;
            } else if (turn.at() < 90) {
                burst++;
            }
        }
        // 3/s for 30 s and 15/s for 60 s: 90 and 900, Poisson.
        assertThat(steady).isBetween(60L, 120L);
        assertThat(burst).isBetween(810L, 990L);
    }
}
