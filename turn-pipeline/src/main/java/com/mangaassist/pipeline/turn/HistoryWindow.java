package com.mangaassist.pipeline.turn;

import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.pipeline.conversation.StoredTurn;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds what reaches the budget manager for very long conversations: the turns before the query,
 * limited to the pinned turns and the most recent turns that together could possibly fit (twice
 * the window). The budget manager then does the exact fitting; the turns left out here are seq
 * gaps it counts as dropped, so the reply still says how much was left out.
 */
final class HistoryWindow {

    private HistoryWindow() {
    }

    /** Turns with seq below {@code querySeq}, oldest first, within {@code tokenBound} per group. */
    static List<ConversationTurn> before(List<StoredTurn> stored, long querySeq, int tokenBound) {
        int end = 0;
        while (end < stored.size() && stored.get(end).seq() < querySeq) {
            end++;
        }
        boolean[] keep = new boolean[end];
        long recentTokens = 0;
        for (int i = end - 1; i >= 0 && recentTokens + stored.get(i).turn().tokens() <= tokenBound; i--) {
            recentTokens += stored.get(i).turn().tokens();
            keep[i] = true;
        }
        long pinnedTokens = 0;
        for (int i = 0; i < end; i++) {
            ConversationTurn turn = stored.get(i).turn();
            if (!keep[i] && turn.isPinned() && pinnedTokens + turn.tokens() <= tokenBound) {
                pinnedTokens += turn.tokens();
                keep[i] = true;
            }
        }
        List<ConversationTurn> turns = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            if (keep[i]) {
                turns.add(stored.get(i).turn());
            }
        }
        return turns;
    }
}
