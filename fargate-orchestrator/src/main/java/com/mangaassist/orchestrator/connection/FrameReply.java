package com.mangaassist.orchestrator.connection;

import com.mangaassist.shared.wire.server.ServerFrame;
import java.util.Objects;

/**
 * Where the immediate reply to one client frame goes (the ack, a refusal, {@code busy}, a pong,
 * {@code resumed}). API Gateway returns an integration's response body to the client when the
 * route has a route response (the stack's {@code $default} does), so the first reply rides the
 * response that API Gateway waits for anyway: one {@code @connections} POST less per message, and
 * the ack reaches the client without a second signed call. Any later frame of the same request
 * goes out through {@code @connections}. A reply sent through the connection posts every frame
 * (the path the services' unit tests use). Used by one dispatch thread; not thread-safe.
 */
public final class FrameReply {

    private final String connectionId;
    private final FrameSender frames;
    private final boolean viaResponse;
    private ServerFrame responseFrame;

    private FrameReply(String connectionId, FrameSender frames, boolean viaResponse) {
        this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
        this.frames = Objects.requireNonNull(frames, "frames");
        this.viaResponse = viaResponse;
    }

    /** The first frame is held for the integration response ({@link #responseFrame()}); later ones are posted. */
    public static FrameReply viaResponse(String connectionId, FrameSender frames) {
        return new FrameReply(connectionId, frames, true);
    }

    /** Every frame is posted to the connection. */
    public static FrameReply viaConnection(String connectionId, FrameSender frames) {
        return new FrameReply(connectionId, frames, false);
    }

    /** Sends {@code frame} to the client; false only when a post found the connection gone. */
    public boolean send(ServerFrame frame) {
        if (viaResponse && responseFrame == null) {
            responseFrame = Objects.requireNonNull(frame, "frame");
            return true;
        }
        return frames.send(connectionId, frame);
    }

    /** The frame for the integration response, or {@code null} when there is none (nothing was sent, or every frame was posted). */
    public ServerFrame responseFrame() {
        return responseFrame;
    }
}
