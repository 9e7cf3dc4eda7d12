package com.mangaassist.shared.wire.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import java.time.Instant;
import java.util.Objects;

/**
 * One record on the chat-events Kinesis stream. Its partition key is the conversation id, so a
 * conversation's events stay ordered within a shard. It never carries message text: analytics
 * needs shapes and timings, and keeping text out keeps the stream out of data-retention scope.
 *
 * @param ttftMillis time to first token, or {@code null} when no token was produced
 * @param errorCode  for failed or shed turns
 * @param retrieval  what retrieval found and cost, for turns that reached it; {@code null} otherwise
 * @param feedback   for {@link ChatEventType#FEEDBACK} events only, the rating (whose {@code route} is the rated
 *                   answer's, and whose turn figures are zero: a rating costs no tokens); {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatEvent(
        String eventId,
        ChatEventType type,
        String conversationId,
        String messageId,
        String principal,
        Route route,
        Instant occurredAt,
        int promptTokens,
        int completionTokens,
        Long ttftMillis,
        long durationMillis,
        boolean truncated,
        int turnsDropped,
        ErrorCode errorCode,
        RetrievalFigures retrieval,
        FeedbackFigures feedback) {

    /** Still 1 with {@code FEEDBACK} events: they add a type and an optional field, and change nothing a turn event says. */
    public static final int SCHEMA_VERSION = 1;

    public ChatEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if ((type == ChatEventType.FEEDBACK) != (feedback != null)) {
            throw new IllegalArgumentException("a feedback event carries its rating, and only a feedback event does");
        }
    }

    /** A turn's event. */
    public ChatEvent(String eventId, ChatEventType type, String conversationId, String messageId, String principal, Route route,
                     Instant occurredAt, int promptTokens, int completionTokens, Long ttftMillis, long durationMillis, boolean truncated,
                     int turnsDropped, ErrorCode errorCode, RetrievalFigures retrieval) {
        this(eventId, type, conversationId, messageId, principal, route, occurredAt, promptTokens, completionTokens, ttftMillis,
                durationMillis, truncated, turnsDropped, errorCode, retrieval, null);
    }

    /** A user rated the answer of {@code messageId}, which {@code route} produced. */
    public static ChatEvent feedback(String eventId, String conversationId, String messageId, String principal, Route route,
                                     Instant occurredAt, FeedbackFigures feedback) {
        return new ChatEvent(eventId, ChatEventType.FEEDBACK, conversationId, messageId, principal, route, occurredAt, 0, 0, null, 0, false,
                0, null, null, Objects.requireNonNull(feedback, "feedback"));
    }

    @JsonProperty(index = 0)
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    @JsonIgnore
    public String partitionKey() {
        return conversationId;
    }
}
