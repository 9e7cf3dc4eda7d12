package com.mangaassist.knowledge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    void recallAt5_whenMoreRelevantThanFit_isOverWhatFiveCanHold() {
        List<String> ranked = List.of("a", "b", "c", "d", "e", "f");

        assertThat(RankingMetrics.recallAt(5, ranked, Set.of("a", "b", "c", "d", "e", "f", "g"))).isEqualTo(1.0);
        assertThat(RankingMetrics.recallAt(5, ranked, Set.of("a", "z"))).isEqualTo(0.5);
    }

    @Test
    void reciprocalRank_whenFirstRelevantIsThird_isOneThird() {
        assertThat(RankingMetrics.reciprocalRankAt(10, List.of("x", "y", "a"), Set.of("a"))).isEqualTo(1.0 / 3);
        assertThat(RankingMetrics.reciprocalRankAt(2, List.of("x", "y", "a"), Set.of("a"))).isZero();
    }

    @Test
    void ndcg_whenTheOnlyRelevantIsSecond_isOneOverLog2Of3() {
        assertThat(RankingMetrics.ndcgAt(10, List.of("x", "a"), Set.of("a"))).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-9));
        assertThat(RankingMetrics.ndcgAt(10, List.of("a", "b"), Set.of("a", "b"))).isEqualTo(1.0);
    }
}
