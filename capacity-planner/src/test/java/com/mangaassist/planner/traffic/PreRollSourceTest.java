package com.mangaassist.planner.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreRollSourceTest {

    @Test
    void next_playsTheOpeningSecondsBeforeZeroUnderOtherIdsThenTheWholeSource() {
        List<TraceTurn> turns = List.of(turn(1), turn(5), turn(12), turn(30));
        PreRollSource source = new PreRollSource(listed(turns), 10);

        List<TraceTurn> played = new ArrayList<>();
        for (TraceTurn t = source.next(); t != null; t = source.next()) {
            played.add(t);
        }

        assertThat(played).extracting(TraceTurn::at).containsExactly(-9.0, -5.0, 1.0, 5.0, 12.0, 30.0);
        assertThat(played.get(0).conversation()).isEqualTo("pre-roll:c1");
        assertThat(played.get(2)).isEqualTo(turns.get(0));
    }

    private static TraceTurn turn(double at) {
        return new TraceTurn(at, "u", "c" + (int) at, 10, 10, "en", "");
    }

    private static TurnSource listed(List<TraceTurn> turns) {
        return new TurnSource() {
            private int next;

            @Override
            public TraceTurn next() {
                return next < turns.size() ? turns.get(next++) : null;
            }

            @Override
            public double expectedSeconds() {
                return 30;
            }
        };
    }
}
