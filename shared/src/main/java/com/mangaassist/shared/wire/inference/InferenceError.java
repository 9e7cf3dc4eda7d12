package com.mangaassist.shared.wire.inference;

import com.mangaassist.shared.wire.ErrorCode;
import java.util.Objects;

/** The JSON body of a non-200 answer from the endpoint (503 {@code not_ready}, {@code capacity_limit}, ...). */
public record InferenceError(ErrorCode code, String message) {

    public InferenceError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
