package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame the platform sends to a client through the API Gateway management API (ADR 0019).
 * An accepted message's frames belong to an {@code attempt} of its answer and are numbered by
 * {@code seq} within it (ack 0, tokens from 1, done or error last), so a client orders them and
 * drops duplicates whichever process sent them; a frame of a higher attempt supersedes everything
 * a lower attempt sent (a redelivered or recovered turn starts its answer again). Refusals, frames
 * of no message (a {@code usage} report) and a message's {@code feedbackSaved} carry no attempt and {@code seq} 0.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Ack.class, name = Ack.TYPE),
    @JsonSubTypes.Type(value = Token.class, name = Token.TYPE),
    @JsonSubTypes.Type(value = Done.class, name = Done.TYPE),
    @JsonSubTypes.Type(value = ErrorFrame.class, name = ErrorFrame.TYPE),
    @JsonSubTypes.Type(value = Resumed.class, name = Resumed.TYPE),
    @JsonSubTypes.Type(value = Pong.class, name = Pong.TYPE),
    @JsonSubTypes.Type(value = FeedbackSaved.class, name = FeedbackSaved.TYPE),
    @JsonSubTypes.Type(value = UsageReport.class, name = UsageReport.TYPE)
})
public sealed interface ServerFrame permits Ack, Token, Done, ErrorFrame, Resumed, Pong, FeedbackSaved, UsageReport {

    long seq();

    /** The client message this frame belongs to, or {@code null} for frames of none (resumed, pong, a refusal of an unreadable frame). */
    default String messageId() {
        return null;
    }
}
