package com.mangaassist.knowledge.search;

/** The search engine refused, failed or could not be reached; {@code status} is 0 when nothing answered. */
public final class SearchEngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    public SearchEngineException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
