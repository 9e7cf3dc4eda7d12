package com.mangaassist.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    private static final List<LoadPhase> PROFILE = List.of(new LoadPhase("steady", Duration.ofSeconds(100), 3),
            new LoadPhase("burst", Duration.ofSeconds(100), 15));

    @Test
    void of_whenTheSameSeed_givesTheSameArrivals() {
        assertThat(ArrivalSchedule.of(PROFILE, 7)).isEqualTo(ArrivalSchedule.of(PROFILE, 7));
        assertThat(ArrivalSchedule.of(PROFILE, 7)).isNotEqualTo(ArrivalSchedule.of(PROFILE, 8));
    }

    @Test
    void of_offersEachPhaseItsRateWithinItsBounds() {
        List<ArrivalSchedule.Arrival> arrivals = ArrivalSchedule.of(PROFILE, 42);

        long steady = arrivals.stream().filter(a -> a.phase() == 0).count();
        long burst = arrivals.stream().filter(a -> a.phase() == 1).count();
        // Poisson counts: mean 300 and 1,500, standard deviations ~17 and ~39; these bounds are over 5 sigma wide.
        assertThat(steady).isBetween(210L, 390L);
        assertThat(burst).isBetween(1300L, 1700L);
        assertThat(arrivals).allSatisfy(a -> assertThat(a.offsetNanos()).isBetween(
                a.phase() * 100_000_000_000L, (a.phase() + 1) * 100_000_000_000L - 1));
        assertThat(arrivals).isSortedAccordingTo((a, b) -> Long.compare(a.offsetNanos(), b.offsetNanos()));
    }
}
