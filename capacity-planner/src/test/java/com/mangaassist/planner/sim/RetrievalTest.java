package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PlannerConfig.RetrievalSettings;
import org.junit.jupiter.api.Test;

class RetrievalTest {

    private static final RetrievalSettings DEFAULTS = PlannerConfig.defaults().retrieval();

    @Test
    void draw_whenLatencyWithinTheDeadline_waitsItGrounded() {
        Retrieval retrieval = new Retrieval(DEFAULTS.withLatency(80, 80, 250), 1);

        Retrieval.Outcome outcome = retrieval.draw(1);

        assertThat(outcome.waitedMillis()).isCloseTo(80, offset(1e-9));
        assertThat(outcome.grounded()).isTrue();
    }

    @Test
    void draw_whenLatencyAboveTheDeadline_capsItAtTheDeadlineUngrounded() {
        Retrieval retrieval = new Retrieval(DEFAULTS.withLatency(400, 400, 250), 1);

        Retrieval.Outcome outcome = retrieval.draw(1);

        assertThat(outcome.waitedMillis()).isEqualTo(250);
        assertThat(outcome.grounded()).isFalse();
    }

    @Test
    void draw_onABusyTask_stretchesOnlyTheEmbedding() {
        Retrieval retrieval = new Retrieval(DEFAULTS.withLatency(80, 80, 250), 1);

        // At 50 % CPU the embedding's 7.9 ms take twice as long; the search does not.
        assertThat(retrieval.draw(2).waitedMillis()).isCloseTo(80 + DEFAULTS.embedCpuMs(), offset(1e-9));
    }

    @Test
    void draw_withTheMeasuredSpread_missesATightDeadlineAsOftenAsItsTailSays() {
        // p50 55.8, p99 124.9 ms: sigma 0.3465, so 4.6 % of draws exceed 100 ms.
        Retrieval retrieval = new Retrieval(DEFAULTS.withLatency(55.8, 124.9, 100), 42);
        int n = 100_000;
        int ungrounded = 0;
        double longest = 0;
        for (int i = 0; i < n; i++) {
            Retrieval.Outcome outcome = retrieval.draw(1);
            ungrounded += outcome.grounded() ? 0 : 1;
            longest = Math.max(longest, outcome.waitedMillis());
        }

        assertThat((double) ungrounded / n).isBetween(0.042, 0.050);
        assertThat(longest).isEqualTo(100);
    }
}
