package com.mangaassist.pipeline.delivery;

/** Delivers server frames to a client connection, whichever compute path produced them. */
public interface ConnectionSink {

    /**
     * @throws ConnectionGoneException when the connection closed: the caller cancels the turn
     * @throws DeliveryFailedException when delivery failed for another reason (throttling, 5xx)
     */
    void send(String connectionId, byte[] frame) throws ConnectionGoneException;
}
