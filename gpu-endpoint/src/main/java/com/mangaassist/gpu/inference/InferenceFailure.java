package com.mangaassist.gpu.inference;

import com.mangaassist.shared.wire.ErrorCode;

/**
 * An inference that ended without an answer, with the HTTP status the front answers and whether
 * tokens had already been streamed (then the stream ends with an error chunk instead).
 */
public final class InferenceFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final int httpStatus;
    private final boolean afterTokens;

    public InferenceFailure(ErrorCode code, int httpStatus, String message, boolean afterTokens) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.afterTokens = afterTokens;
    }

    public ErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean afterTokens() {
        return afterTokens;
    }
}
