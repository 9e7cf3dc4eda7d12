package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.shared.budget.ConversationTurn;
import java.util.ArrayList;
import java.util.List;

/**
 * What history a prompt may hold: the answered messages before the query's, as question/answer
 * pairs. A question that is still pending or that failed is left out with its (missing) answer,
 * so a prompt never holds two user turns in a row, and a late answer never lands in a prompt
 * before its question. The pairs are numbered as the conversation's turns would be if every
 * message before the window had been answered, so the budget counts what the window left out as
 * dropped; then, for very long windows, only the pinned turns and the most recent turns that
 * together could possibly fit (twice the context window) go on to the budget manager, which does
 * the exact fitting.
 */
final class HistoryWindow {

    private HistoryWindow() {
    }

    /** Turns of answered messages with index below {@code queryIndex}, oldest first, within {@code tokenBound} per group. */
    static List<ConversationTurn> before(List<StoredMessage> window, long queryIndex, int tokenBound) {
        List<ConversationTurn> pairs = new ArrayList<>();
        long seq = window.isEmpty() ? 0 : 2 * (window.get(0).index() - 1);
        for (StoredMessage message : window) {
            if (message.index() >= queryIndex) {
                break;
            }
            if (message.state() == MessageState.ANSWERED) {
                pairs.add(message.questionTurn(++seq));
                pairs.add(message.answerTurn(++seq));
            }
        }
        return bounded(pairs, tokenBound);
    }

    /** Whole exchanges (question and answer, always in pairs here): the recent run, then pinned ones, within the bound. */
    private static List<ConversationTurn> bounded(List<ConversationTurn> pairs, int tokenBound) {
        int exchanges = pairs.size() / 2;
        boolean[] keep = new boolean[exchanges];
        long recentTokens = 0;
        for (int e = exchanges - 1; e >= 0 && recentTokens + tokens(pairs, e) <= tokenBound; e--) {
            recentTokens += tokens(pairs, e);
            keep[e] = true;
        }
        long pinnedTokens = 0;
        for (int e = 0; e < exchanges; e++) {
            boolean pinned = pairs.get(2 * e).isPinned() || pairs.get(2 * e + 1).isPinned();
            if (!keep[e] && pinned && pinnedTokens + tokens(pairs, e) <= tokenBound) {
                pinnedTokens += tokens(pairs, e);
                keep[e] = true;
            }
        }
        List<ConversationTurn> kept = new ArrayList<>();
        for (int e = 0; e < exchanges; e++) {
            if (keep[e]) {
                kept.add(pairs.get(2 * e));
                kept.add(pairs.get(2 * e + 1));
            }
        }
        return kept;
    }

    private static long tokens(List<ConversationTurn> pairs, int exchange) {
        return (long) pairs.get(2 * exchange).tokens() + pairs.get(2 * exchange + 1).tokens();
    }
}
