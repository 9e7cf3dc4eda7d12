package com.mangaassist.pipeline.turn;

import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.routing.DegradeHint;
import com.mangaassist.shared.wire.client.SendMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * One accepted {@code sendMessage} to run, wherever it runs.
 *
 * @param route    the compute path running it, reported in {@code done} and on the event stream
 * @param degrade  the routing policy's request for a cheaper turn; {@code null} for a full one
 * @param deadline past it the turn answers {@code expired} instead of answering late; {@code null}
 *                 for none
 */
public record TurnCommand(String connectionId, String principal, String requestId, SendMessage message, Route route,
                          DegradeHint degrade, Instant deadline) {

    public TurnCommand {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(route, "route");
    }

    public String conversationId() {
        return message.conversationId();
    }

    public String messageId() {
        return message.messageId();
    }
}
