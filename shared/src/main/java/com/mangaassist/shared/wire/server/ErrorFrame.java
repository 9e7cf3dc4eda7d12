package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.WireError;
import java.util.Objects;

/**
 * The message ended in an error. {@code messageId} is absent when the frame was too broken to
 * read one; {@code retryAfterMs} is present when retrying later can succeed (busy, rate limited).
 */
@JsonTypeName(ErrorFrame.TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorFrame(String messageId, long seq, ErrorCode code, String message, Long retryAfterMs)
        implements ServerFrame {

    public static final String TYPE = "error";

    public ErrorFrame {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** The frame for a decoding failure: nothing was accepted, so it is the message's only frame. */
    public static ErrorFrame from(WireError error) {
        return new ErrorFrame(error.messageId(), 0, error.code(), error.message(), null);
    }
}
