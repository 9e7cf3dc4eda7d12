package com.mangaassist.shared.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every code that may appear in an {@code error} frame or an inference error. The wire name is
 * part of the public contract: clients switch on it, so a name never changes once released.
 */
public enum ErrorCode {
    // Codec: the frame itself is wrong. Nothing was written; the client can fix and resend.
    MALFORMED_JSON("malformed_json"),
    FRAME_TOO_LARGE("frame_too_large"),
    UNKNOWN_ACTION("unknown_action"),
    MISSING_FIELD("missing_field"),
    INVALID_FIELD("invalid_field"),
    TEXT_TOO_LONG("text_too_long"),
    /** Text that is not Unicode scalar values (a lone surrogate) or holds control characters other than newline and tab. */
    INVALID_TEXT("invalid_text"),
    MALFORMED_ID("malformed_id"),
    UNSUPPORTED_SCHEMA_VERSION("unsupported_schema_version"),

    // Platform: the frame was fine but the platform refuses or fails it.
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    RATE_LIMITED("rate_limited"),
    BUSY("busy"),
    /**
     * The caller's token budget for the day or the month is spent (ADR 0046): nothing was stored, and
     * {@code retryAfterMs} says when the budget that ran out starts again.
     */
    QUOTA_EXCEEDED("quota_exceeded"),
    EXPIRED("expired"),
    /** This messageId was already accepted; its one answer is (or will be) delivered, and resume returns it. */
    DUPLICATE("duplicate"),
    /**
     * No message with this id in the caller's conversation: never sent, removed by retention, or
     * another caller's — the three look the same, because a conversation id names a different
     * conversation for every caller (ADR 0019, 0045). Nothing was written.
     */
    UNKNOWN_MESSAGE("unknown_message"),
    /** The caller's message has no stored answer to rate: still being answered, or it ended in an error (ADR 0045). Nothing was written. */
    NOT_ANSWERED("not_answered"),
    CAPACITY_LIMIT("capacity_limit"),
    MODEL_UNAVAILABLE("model_unavailable"),
    NOT_READY("not_ready"),
    /**
     * Endpoint-internal, never sent to a chat client: the inference request named a stateful session
     * this instance does not hold (expired, closed, or the instance was replaced). The turn pipeline
     * opens a new session and tries again.
     */
    SESSION_CLOSED("session_closed"),
    INTERNAL("internal");

    private static final Map<String, ErrorCode> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::wireName, Function.identity()));

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The code for a wire name, or {@code null} when the name is not one of ours. */
    @JsonCreator
    public static ErrorCode fromWireName(String wireName) {
        return BY_WIRE_NAME.get(wireName);
    }
}
