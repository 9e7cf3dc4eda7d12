package com.mangaassist.shared.budget;

import com.mangaassist.shared.domain.Role;

import java.util.Objects;

/**
 * One message of the assembled history section: a kept turn, the truncation marker, or the entity
 * compaction block that stands in for pinned turns that did not fit.
 *
 * @param seq the turn's seq for {@link Kind#TURN}; 0 for the synthetic kinds
 */
public record PromptMessage(Kind kind, Role role, String text, int tokens, long seq) {

    public enum Kind { TURN, TRUNCATION_MARKER, ENTITY_COMPACTION }

    public PromptMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }

    static PromptMessage of(ConversationTurn turn) {
        return new PromptMessage(Kind.TURN, turn.role(), turn.text(), turn.tokens(), turn.seq());
    }

    static PromptMessage synthetic(Kind kind, PromptPart part) {
        return new PromptMessage(kind, Role.SYSTEM, part.text(), part.tokens(), 0);
    }
}
