package com.mangaassist.shared.budget;

import com.mangaassist.shared.domain.Role;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One stored message of a conversation. Its token count is computed once, when the turn is
 * written, and travels with it (to the cache tiers and to the GPU endpoint) so that assembling a
 * prompt never re-tokenizes history.
 *
 * @param seq      1-based position in the conversation; {@value #FIRST_SEQ} is the first turn,
 *                 which is always pinned because it usually states the user's intent
 * @param tokens   the turn's token count as a chat message (see {@link TokenCounter#count})
 * @param pinned   kept ahead of recency, e.g. because it carries entities (titles, order ids)
 * @param entities compact facts extracted from the turn, used when pinned turns must be compacted
 */
public record ConversationTurn(
        long seq,
        Role role,
        String text,
        int tokens,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean pinned,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> entities) {

    public static final long FIRST_SEQ = 1;

    public ConversationTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        if (seq < FIRST_SEQ) {
            throw new IllegalArgumentException("seq is 1-based, got " + seq);
        }
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative");
        }
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    public static ConversationTurn of(long seq, Role role, String text, TokenCounter counter) {
        return new ConversationTurn(seq, role, text, counter.count(text), false, List.of());
    }

    /** Pinned turns stay in the prompt ahead of recency while they fit. */
    @JsonIgnore
    public boolean isPinned() {
        return pinned || seq == FIRST_SEQ;
    }
}
