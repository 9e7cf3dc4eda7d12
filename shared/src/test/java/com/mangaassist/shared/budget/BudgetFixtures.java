package com.mangaassist.shared.budget;

import com.mangaassist.shared.domain.Role;

import java.util.ArrayList;
import java.util.List;

/** Conversations shaped like the seeds' example: ~50-token questions and ~200-token answers. */
final class BudgetFixtures {

    static final TokenCounter COUNTER = JtokkitTokenCounter.withDefaults();

    private BudgetFixtures() {
    }

    static List<ConversationTurn> conversation(int turns, int userTokens, int assistantTokens) {
        List<ConversationTurn> history = new ArrayList<>(turns);
        for (int i = 1; i <= turns; i++) {
            boolean user = i % 2 == 1;
            history.add(new ConversationTurn(i, user ? Role.USER : Role.ASSISTANT, (user ? "question " : "answer ") + i,
                    user ? userTokens : assistantTokens, false, List.of()));
        }
        return history;
    }

    static PromptPart part(int tokens) {
        return new PromptPart("x".repeat(Math.max(0, tokens)), tokens);
    }
}
