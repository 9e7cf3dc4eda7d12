package com.mangaassist.pipeline.delivery;

import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Opens a {@link ReplyStream} per message, all sharing one management API client, one delivery
 * executor and one flush timer; also sends the single frames that need no stream (a re-ack, pong,
 * resumed, refusals).
 */
public final class ReplyStreams {

    private final ConnectionSink sink;
    private final ServerFrameCodec codec;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final int maxFrameTextBytes;
    private final Duration maxDelay;

    public ReplyStreams(ConnectionSink sink, ServerFrameCodec codec, Executor executor, ScheduledExecutorService timer,
                        int maxFrameTextBytes, Duration maxDelay) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.maxFrameTextBytes = maxFrameTextBytes;
        this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
    }

    /** API Gateway's frame limit and the seeds' 50 ms flush. */
    public static ReplyStreams withDefaults(ConnectionSink sink, Executor executor, ScheduledExecutorService timer) {
        return new ReplyStreams(sink, ServerFrameCodec.withDefaults(), executor, timer, TokenCoalescer.DEFAULT_MAX_FRAME_TEXT_BYTES,
                TokenCoalescer.DEFAULT_MAX_DELAY);
    }

    public ReplyStream open(String connectionId, String messageId, int attempt) {
        return new ReplyStream(connectionId, messageId, attempt, sink, codec, executor, timer, maxFrameTextBytes, maxDelay);
    }

    /**
     * Sends one frame on the caller's thread.
     *
     * @throws com.mangaassist.pipeline.delivery.ConnectionGoneException when the connection closed
     */
    public void sendNow(String connectionId, ServerFrame frame) throws com.mangaassist.pipeline.delivery.ConnectionGoneException {
        sink.send(connectionId, codec.encodeBytes(frame));
    }
}
