package com.mangaassist.release.artifacts;

/** A model directory the release tool refuses to package; the message names the file and the rule. */
public final class InvalidModelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }
}
