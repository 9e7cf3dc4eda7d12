package com.mangaassist.pipeline.delivery;

/** A frame could not be delivered for a reason other than a closed connection. */
public final class DeliveryFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeliveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
