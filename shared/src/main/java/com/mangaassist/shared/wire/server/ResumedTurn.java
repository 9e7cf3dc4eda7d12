package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import java.util.Objects;

/**
 * One stored turn returned on resume.
 *
 * @param seq   the turn's position in the conversation (1-based)
 * @param route for assistant turns, which path answered; {@code null} for user turns
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResumedTurn(long seq, Role role, String messageId, String text, Route route) {

    public ResumedTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }
}
