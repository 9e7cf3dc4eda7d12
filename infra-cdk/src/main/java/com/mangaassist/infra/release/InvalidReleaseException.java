package com.mangaassist.infra.release;

/**
 * A release manifest cannot be deployed: missing, malformed, or built for somewhere else. The
 * message is one sentence naming the manifest and the problem, so nothing half-deploys.
 */
public final class InvalidReleaseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidReleaseException(String message) {
        super(message);
    }

    public InvalidReleaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
