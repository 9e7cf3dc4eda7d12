package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.WireError;
import java.util.Objects;

/**
 * An error. With {@code attempt}, attempt {@code attempt} of an accepted message ended in it: the
 * message is closed (its question stays stored, marked failed). Without, the frame or message was
 * refused before it was accepted — nothing was stored, and this is its only frame ({@code seq} 0).
 * {@code messageId} is absent when the frame was too broken to read one; {@code retryAfterMs} is
 * present when sending the same message again later can succeed (busy, rate limited).
 */
@JsonTypeName(ErrorFrame.TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorFrame(String messageId, long seq, Integer attempt, ErrorCode code, String message, Long retryAfterMs)
        implements ServerFrame {

    public static final String TYPE = "error";

    public ErrorFrame {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (attempt != null) {
            Attempts.require(attempt);
            Objects.requireNonNull(messageId, "an attempt's error names its message");
            if (seq < 1) {
                throw new IllegalArgumentException("an attempt's error follows its ack (seq >= 1), got " + seq);
            }
        } else if (seq != 0) {
            throw new IllegalArgumentException("a refusal is its message's only frame (seq 0), got " + seq);
        }
    }

    /** A refusal: nothing was accepted. */
    public static ErrorFrame refusal(String messageId, ErrorCode code, String message, Long retryAfterMs) {
        return new ErrorFrame(messageId, 0, null, code, message, retryAfterMs);
    }

    /** The frame for a decoding failure: nothing was accepted, so it is the message's only frame. */
    public static ErrorFrame from(WireError error) {
        return refusal(error.messageId(), error.code(), error.message(), null);
    }

    @JsonIgnore
    public boolean isRefusal() {
        return attempt == null;
    }
}
