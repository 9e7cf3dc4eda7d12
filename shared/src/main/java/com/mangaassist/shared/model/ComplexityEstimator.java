package com.mangaassist.shared.model;

import java.util.List;
import java.util.Locale;

/**
 * A cheap, deterministic estimate of how demanding a turn is, 0..100: long queries, reasoning
 * cues ("compare", "why", 比較, なぜ), several questions at once, and deep conversations score
 * higher. It only picks a tier; a wrong guess costs latency or money, never correctness.
 */
public final class ComplexityEstimator {

    private static final List<String> REASONING_CUES = List.of(
            "compare", "comparison", "versus", " vs", "why", "explain", "difference", "analy", "in depth", "step by step",
            "比較", "なぜ", "違い", "説明", "理由", "分析", "詳しく");

    /**
     * @param query        the user's text
     * @param queryTokens  its token count
     * @param historyTurns turns already in the conversation
     */
    public int estimate(String query, int queryTokens, int historyTurns) {
        int score = Math.min(40, queryTokens / 5);
        String lower = query.toLowerCase(Locale.ROOT);
        int cues = 0;
        for (String cue : REASONING_CUES) {
            if (lower.contains(cue)) {
                cues++;
            }
        }
        score += Math.min(30, cues * 15);
        int questions = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '?' || c == '？') {
                questions++;
            }
        }
        score += Math.min(20, Math.max(0, questions - 1) * 10);
        score += Math.min(10, historyTurns / 4);
        return Math.min(100, score);
    }
}
