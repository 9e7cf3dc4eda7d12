package com.mangaassist.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.bench.load.TurnRecord.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseSummaryTest {

    @Test
    void of_countsEveryOutcomeAndTheSpilledShareOfAnsweredTurns() {
        List<TurnRecord> records = List.of(
                answered("baseline", 100), answered("overflow", 200), answered("overflow", 300),
                new TurnRecord(0, 0, -1, 20_000_000_000L, Outcome.GAVE_UP_BUSY, null, "busy", 9),
                new TurnRecord(0, 0, -1, 50, Outcome.ERROR, null, "expired", 0),
                new TurnRecord(0, 0, 10, -1, Outcome.LOST, null, "no terminal frame", 1),
                new TurnRecord(0, 0, -1, -1, Outcome.NOT_OFFERED, null, null, 0));

        PhaseSummary summary = PhaseSummary.of("burst", records);

        assertThat(summary.offered()).isEqualTo(6);
        assertThat(summary.answered()).isEqualTo(3);
        assertThat(summary.spilled()).isEqualTo(2);
        assertThat(summary.spillFraction()).isEqualTo(2 / 3.0);
        assertThat(summary.busyReplies()).isEqualTo(10);
        assertThat(summary.gaveUpBusy()).isEqualTo(1);
        assertThat(summary.errors()).isEqualTo(1);
        assertThat(summary.errorCodes()).isEqualTo(Map.of("expired", 1));
        assertThat(summary.lost()).isEqualTo(1);
        assertThat(summary.notOffered()).isEqualTo(1);
    }

    @Test
    void ttft_whenHalfTheTurnsWereNeverAnswered_hasNoFiniteP99() {
        List<TurnRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(answered("baseline", 100 + i));
            records.add(new TurnRecord(0, 0, -1, 20_000_000_000L, Outcome.GAVE_UP_BUSY, null, "busy", 10));
        }

        PhaseSummary summary = PhaseSummary.of("burst", records);

        assertThat(summary.ttft().percentile(0.5)).isEqualTo(149);
        assertThat(summary.ttft().millis(0.99)).isEqualTo("never");
    }

    private static TurnRecord answered(String route, long ttftNanos) {
        return new TurnRecord(0, 0, ttftNanos, ttftNanos * 10, Outcome.ANSWERED, route, null, 0);
    }
}
