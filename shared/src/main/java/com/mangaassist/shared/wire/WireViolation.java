package com.mangaassist.shared.wire;

/**
 * Carries a {@link WireError} out of nested field reading to the codec boundary, where it becomes
 * a {@link Decoded.Failed}. It never leaves a codec, so it skips the stack trace: a flood of bad
 * frames must not cost a stack walk each.
 */
final class WireViolation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient WireError error;

    WireViolation(WireError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    WireError error() {
        return error;
    }
}
