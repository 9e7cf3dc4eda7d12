package com.mangaassist.orchestrator.connection;

import com.mangaassist.pipeline.delivery.ConnectionGoneException;
import com.mangaassist.pipeline.delivery.DeliveryFailedException;
import com.mangaassist.pipeline.delivery.ReplyStreams;
import com.mangaassist.shared.wire.server.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends single frames (ack, pong, resumed, refusals) on the calling thread. */
public final class FrameSender {

    private static final Logger LOG = LoggerFactory.getLogger(FrameSender.class);

    private final ReplyStreams replies;

    public FrameSender(ReplyStreams replies) {
        this.replies = replies;
    }

    /** False when the connection is gone; a failed delivery is logged and reported as sent (the turn goes on). */
    public boolean send(String connectionId, ServerFrame frame) {
        try {
            replies.sendNow(connectionId, frame);
            return true;
        } catch (ConnectionGoneException e) {
            return false;
        } catch (DeliveryFailedException e) {
            LOG.warn("event=frame_undelivered connectionId={} frame={} detail=\"{}\"", connectionId, frame.getClass().getSimpleName(),
                    e.getMessage());
            return true;
        }
    }
}
