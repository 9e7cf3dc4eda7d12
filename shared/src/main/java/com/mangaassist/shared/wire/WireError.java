package com.mangaassist.shared.wire;

import java.util.Objects;

/**
 * Why a message was refused, in a form that becomes an {@code error} frame unchanged.
 *
 * @param code      stable machine-readable code
 * @param message   human-readable detail; never echoes the offending text back
 * @param field     the JSON field at fault, or {@code null}
 * @param messageId the client's message id when it could still be read, so the error frame can
 *                  be correlated with the message that caused it; otherwise {@code null}
 */
public record WireError(ErrorCode code, String message, String field, String messageId) {

    public WireError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static WireError of(ErrorCode code, String message) {
        return new WireError(code, message, null, null);
    }

    public static WireError ofField(ErrorCode code, String field, String message) {
        return new WireError(code, message, field, null);
    }

    public WireError withMessageId(String id) {
        return new WireError(code, message, field, id);
    }
}
