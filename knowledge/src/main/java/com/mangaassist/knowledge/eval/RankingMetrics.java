package com.mangaassist.knowledge.eval;

import java.util.List;
import java.util.Set;

/**
 * The ranking measures the eval reports, with binary relevance. Recall@k is over the relevant
 * documents a list of k can hold at most ({@code min(|relevant|, k)}), so a broad question with
 * twelve right answers scores 1.0 when its top five are all right.
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    public static double recallAt(int k, List<String> ranked, Set<String> relevant) {
        long found = ranked.stream().limit(k).filter(relevant::contains).count();
        return (double) found / Math.min(relevant.size(), k);
    }

    /** 1 / the rank of the first relevant document within the first {@code k}; 0 when none is. */
    public static double reciprocalRankAt(int k, List<String> ranked, Set<String> relevant) {
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    public static double ndcgAt(int k, List<String> ranked, Set<String> relevant) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                dcg += 1 / log2(i + 2);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, relevant.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
