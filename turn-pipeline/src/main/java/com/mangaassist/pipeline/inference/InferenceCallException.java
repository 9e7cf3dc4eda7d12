package com.mangaassist.pipeline.inference;

import com.mangaassist.shared.wire.ErrorCode;

/**
 * The GPU endpoint produced no complete answer. {@code afterTokens} says whether the user already saw
 * part of it (then the turn ends with an error frame after its tokens, and is never retried).
 */
public final class InferenceCallException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final boolean afterTokens;

    public InferenceCallException(ErrorCode code, String message, boolean afterTokens) {
        super(message, null, false, false);
        this.code = code;
        this.afterTokens = afterTokens;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean afterTokens() {
        return afterTokens;
    }
}
