package com.mangaassist.pipeline.conversation;

import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import java.util.List;
import java.util.Objects;

/** A turn to append; the store assigns its seq. */
public record NewTurn(Role role, String text, int tokens, boolean pinned, List<String> entities, String messageId, Route route) {

    public NewTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(messageId, "messageId");
        entities = entities == null ? List.of() : List.copyOf(entities);
        if (role == Role.SYSTEM) {
            throw new IllegalArgumentException("conversations store user and assistant turns only");
        }
    }
}
