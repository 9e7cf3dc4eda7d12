package com.mangaassist.planner.sim;

import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.domain.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A conversation while it is active: its connection and the token counts of its answered turns
 * (what the context budget needs; the text is not kept). Dropped once idle past API Gateway's
 * idle timeout, so memory follows active conversations, not users.
 */
final class Conversation {

    boolean connected;
    /** The GPU instance whose prefix cache holds this conversation's last prompt, or {@code null}. */
    Object prefixHolder;
    double connectedAt;
    double lastActivity;
    int inFlight;
    private int[] tokens = new int[4];
    private int size;

    /** Exchanges answered so far. */
    int turns() {
        return size / 2;
    }

    void append(int userTokens, int assistantTokens) {
        if (size + 2 > tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[size++] = userTokens;
        tokens[size++] = assistantTokens;
    }

    /** The history as the pipeline loads it: user and assistant turns in seq order, from seq 1. */
    List<ConversationTurn> history() {
        List<ConversationTurn> history = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            history.add(new ConversationTurn(i + 1, i % 2 == 0 ? Role.USER : Role.ASSISTANT, "", tokens[i], false, List.of()));
        }
        return history;
    }
}
