package com.mangaassist.pipeline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.pipeline.delivery.TokenCoalescer;
import com.mangaassist.pipeline.testing.RecordingConnectionSink;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Token;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One attempt's frames: its ack first, tokens numbered by attempt and seq, one terminal frame, nothing after it. */
class ReplyStreamTest {

    /** One delivery thread: a task submitted after the stream's own runs after them (see {@link #settled()}). */
    private final ExecutorService delivery = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final RecordingConnectionSink sink = new RecordingConnectionSink();

    @AfterEach
    void stop() {
        delivery.shutdownNow();
        timer.shutdownNow();
    }

    private ReplyStream stream(int attempt) {
        return stream(attempt, TokenCoalescer.DEFAULT_MAX_DELAY);
    }

    private ReplyStream stream(int attempt, Duration maxDelay) {
        return new ReplyStream("conn", "m1", attempt, sink, ServerFrameCodec.withDefaults(), delivery, timer,
                TokenCoalescer.DEFAULT_MAX_FRAME_TEXT_BYTES, maxDelay);
    }

    /**
     * Waits until everything the stream set in motion has run: a flush it scheduled is due within the coalescer's
     * delay (the timer runs tasks in order of when they are due), and what it handed to delivery runs in order.
     */
    private void settled() throws Exception {
        timer.schedule(() -> { }, TokenCoalescer.DEFAULT_MAX_DELAY.toNanos(), TimeUnit.NANOSECONDS).get(5, TimeUnit.SECONDS);
        delivery.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void finish_thenALateToken_sendsNothingAfterTheTerminalFrame() throws Exception {
        ReplyStream reply = stream(3);
        reply.ack(7);
        reply.token("Hello");

        assertThat(reply.finish(seq -> new ErrorFrame("m1", seq, 3, ErrorCode.INTERNAL, "x", null)).get(5, TimeUnit.SECONDS)).isTrue();
        boolean accepted = reply.token(" late");
        settled();

        List<ServerFrame> frames = sink.framesFor("conn");
        assertThat(accepted).isFalse();
        assertThat(frames.get(0)).isEqualTo(new Ack("m1", 0, 3, 7));
        assertThat(frames.get(1)).isEqualTo(new Token("m1", 1, 3, "Hello"));
        assertThat(frames).last().isInstanceOfSatisfying(ErrorFrame.class, e -> assertThat(e.seq()).isEqualTo(2));
        assertThat(frames).hasSize(3);
    }

    @Test
    void abandon_dropsWhatIsPendingAndSendsNoTerminalFrame() throws Exception {
        // Coalesced text waits up to an hour here, so what follows the first frame is surely still pending at the abandon.
        ReplyStream reply = stream(1, Duration.ofHours(1));
        reply.token("first");
        settled(); // the first frame of an answer goes at once
        CountDownLatch held = new CountDownLatch(1);
        delivery.submit(() -> {
            held.await();
            return null;
        });
        reply.token(" second");
        reply.abandon();
        held.countDown();
        settled();

        assertThat(sink.framesFor("conn")).containsExactly(new Token("m1", 1, 1, "first"));
        assertThat(reply.token("more")).isFalse();
    }
}
