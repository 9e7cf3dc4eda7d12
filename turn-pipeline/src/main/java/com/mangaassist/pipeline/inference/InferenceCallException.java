package com.mangaassist.pipeline.inference;

import com.mangaassist.shared.wire.ErrorCode;

/**
 * The GPU endpoint produced no complete answer. {@code afterTokens} says whether tokens already
 * reached the listener (then the call is never retried inside the client: the turn decides).
 */
public final class InferenceCallException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final boolean afterTokens;
    private final boolean outOfTime;

    public InferenceCallException(ErrorCode code, String message, boolean afterTokens) {
        this(code, message, afterTokens, false);
    }

    private InferenceCallException(ErrorCode code, String message, boolean afterTokens, boolean outOfTime) {
        super(message, null, false, false);
        this.code = code;
        this.afterTokens = afterTokens;
        this.outOfTime = outOfTime;
    }

    /** The caller's own time bound ran out before the answer was complete: nothing is wrong with the endpoint. */
    public static InferenceCallException outOfTime(boolean afterTokens) {
        return new InferenceCallException(ErrorCode.INTERNAL, "the caller's time ran out before the answer was complete", afterTokens, true);
    }

    public boolean outOfTime() {
        return outOfTime;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean afterTokens() {
        return afterTokens;
    }
}
