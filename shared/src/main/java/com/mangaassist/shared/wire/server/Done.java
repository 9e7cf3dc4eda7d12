package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.mangaassist.shared.domain.Route;
import java.util.Objects;

/**
 * The answer is complete.
 *
 * @param route        which compute path answered (baseline or overflow)
 * @param truncated    true when earlier turns were left out of the prompt to fit the window
 * @param turnsDropped how many history turns were left out (0 when not truncated)
 */
@JsonTypeName(Done.TYPE)
public record Done(String messageId, long seq, Route route, Usage usage, boolean truncated, int turnsDropped)
        implements ServerFrame {

    public static final String TYPE = "done";

    public Done {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(usage, "usage");
        if (truncated != (turnsDropped > 0)) {
            throw new IllegalArgumentException("truncated must be true exactly when turns were dropped");
        }
    }
}
