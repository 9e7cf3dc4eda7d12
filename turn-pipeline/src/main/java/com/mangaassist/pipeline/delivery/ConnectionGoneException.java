package com.mangaassist.pipeline.delivery;

/** The client's connection no longer exists (API Gateway answered 410 Gone): stop generating for it. */
public final class ConnectionGoneException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConnectionGoneException(String connectionId) {
        super("connection " + connectionId + " is gone", null, false, false);
    }
}
