package com.mangaassist.pipeline.turn;

import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.MessageKey;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.routing.DegradeHint;
import com.mangaassist.shared.wire.server.Quota;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of an accepted message to run, wherever it runs: the message as its claim returned
 * it (so its attempt, its connection and its question are the store's, not a caller's copy).
 *
 * @param route    the compute path running it, reported in {@code done} and on the event stream
 * @param degrade  the routing policy's request for a cheaper turn; {@code null} for a full one
 * @param finishBy when the process running it stops (a Lambda invocation's end); {@code null} for none.
 *                 A turn that cannot finish by then is handed back, never cut and stored half
 * @param version  the conversation version to load history at; 0 to read it
 * @param acked    whether this attempt's ack already went out (admission sends it on acceptance)
 * @param usage    the caller's token usage as admission read it (ADR 0046), which {@code done} reports with the answer
 *                 charged; {@code null} when nobody read it (the pipeline reads it then)
 */
public record TurnCommand(StoredMessage message, Route route, DegradeHint degrade, Instant finishBy, long version, boolean acked, Quota usage) {

    public TurnCommand {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(route, "route");
    }

    /** Without the caller's usage: the pipeline reads it. */
    public TurnCommand(StoredMessage message, Route route, DegradeHint degrade, Instant finishBy, long version, boolean acked) {
        this(message, route, degrade, finishBy, version, acked, null);
    }

    public ConversationRef conversation() {
        return new ConversationRef(message.principal(), message.conversationId());
    }

    public MessageKey key() {
        return message.key();
    }

    public String conversationId() {
        return message.conversationId();
    }

    public String messageId() {
        return message.messageId();
    }

    public String principal() {
        return message.principal();
    }

    public String connectionId() {
        return message.connectionId();
    }

    public String requestId() {
        return message.requestId() == null ? message.messageId() : message.requestId();
    }

    public int attempt() {
        return message.attempt();
    }

    /** The same attempt on another path (a spill that fell back to running here, a drained turn sent to the queue). */
    public TurnCommand on(Route newRoute, DegradeHint newDegrade) {
        return new TurnCommand(message, newRoute, newDegrade, finishBy, version, acked, usage);
    }

    /** A later attempt of the same message (an in-process retry after a mid-stream endpoint fault). */
    public TurnCommand next(StoredMessage claimed) {
        return new TurnCommand(claimed, route, degrade, finishBy, 0, false, usage);
    }
}
