package com.mangaassist.pipeline.conversation;

import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.domain.Route;
import java.time.Instant;
import java.util.Objects;

/**
 * A turn as stored: the budget's view of it plus what resume and idempotency need.
 *
 * @param messageId the client message this turn belongs to (the user's turn and its answer share it)
 * @param route     for assistant turns, which path answered; {@code null} for user turns
 */
public record StoredTurn(ConversationTurn turn, String messageId, Route route, Instant createdAt) {

    public StoredTurn {
        Objects.requireNonNull(turn, "turn");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public long seq() {
        return turn.seq();
    }
}
