package com.mangaassist.pipeline.delivery;

import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Token;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one attempt's frames to its connection, in order: the ack, the tokens, one terminal
 * frame, and nothing after it. Model tokens arrive on the inference client's I/O thread, which must
 * never wait on an HTTP call to the management API, so they are queued and drained by one task at a
 * time on the delivery executor (a serial "actor": frames of one attempt are never sent
 * concurrently or out of order). The coalescer's 50 ms flush is a timer armed only while text is
 * pending. Once the connection is gone (410) or delivery keeps failing, nothing more is sent; the
 * turn goes on and stores its answer, which {@code resume} then returns.
 */
public final class ReplyStream {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyStream.class);

    /** What is sent when a management API call fails for a reason other than 410, before giving up. */
    private static final long[] RETRY_PAUSES_MILLIS = {20, 100};

    private sealed interface Event permits AckEvent, TokenEvent, Finish, Abandon, Tick {
    }

    private record Tick() implements Event {
    }

    private record AckEvent(long questionSeq) implements Event {
    }

    private record TokenEvent(String text, long nanos) implements Event {
    }

    private record Finish(LongFunction<ServerFrame> frame, CompletableFuture<Boolean> sent) implements Event {
    }

    private record Abandon() implements Event {
    }

    private final String connectionId;
    private final String messageId;
    private final int attempt;
    private final ConnectionSink sink;
    private final ServerFrameCodec codec;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Duration maxDelay;
    private final TokenCoalescer coalescer;
    private final Queue<Event> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean gone;
    private volatile boolean broken;
    /** Set once the terminal frame was queued (or the attempt abandoned): later tokens are dropped, never numbered. */
    private volatile boolean ended;
    private boolean timerArmed;

    ReplyStream(String connectionId, String messageId, int attempt, ConnectionSink sink, ServerFrameCodec codec, Executor executor,
                ScheduledExecutorService timer, int maxFrameTextBytes, Duration maxDelay) {
        this.connectionId = connectionId;
        this.messageId = messageId;
        this.attempt = attempt;
        this.sink = sink;
        this.codec = codec;
        this.executor = executor;
        this.timer = timer;
        this.maxDelay = maxDelay;
        this.coalescer = new TokenCoalescer(messageId, attempt, maxFrameTextBytes, maxDelay);
    }

    /** Queues this attempt's ack; it goes out before anything else of the attempt. */
    public void ack(long questionSeq) {
        events.add(new AckEvent(questionSeq));
        schedule();
    }

    /** Queues a model token; false once the connection cannot take more (the caller still finishes and stores the answer). */
    public boolean token(String text) {
        if (ended) {
            return false;
        }
        if (gone || broken) {
            return false;
        }
        events.add(new TokenEvent(text, System.nanoTime()));
        schedule();
        return true;
    }

    /**
     * Flushes what is pending, then sends the frame built with the next seq; nothing is sent after
     * it. The future completes with true once it was delivered, false when it could not be.
     */
    public CompletableFuture<Boolean> finish(LongFunction<ServerFrame> lastFrame) {
        ended = true;
        CompletableFuture<Boolean> sent = new CompletableFuture<>();
        events.add(new Finish(lastFrame, sent));
        schedule();
        return sent;
    }

    /** This attempt sends nothing more: a later one owns the client's view, or the next attempt starts elsewhere. */
    public void abandon() {
        ended = true;
        events.add(new Abandon());
        schedule();
    }

    public boolean gone() {
        return gone;
    }

    public boolean deliverable() {
        return !gone && !broken;
    }

    private void schedule() {
        if (pending.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        int missed = 1;
        do {
            Event event;
            while ((event = events.poll()) != null) {
                if (event instanceof AckEvent ack) {
                    send(ReplyFrames.ack(messageId, attempt, ack.questionSeq()));
                } else if (event instanceof TokenEvent token) {
                    sendTokens(coalescer.offer(tokensQueuedAfter(token), token.nanos()));
                } else if (event instanceof Tick) {
                    timerArmed = false;
                } else if (event instanceof Finish finish) {
                    sendTokens(coalescer.finish());
                    finish.sent().complete(send(finish.frame().apply(coalescer.nextSeq())));
                    events.clear();
                } else if (event instanceof Abandon) {
                    coalescer.finish();
                    events.clear();
                }
            }
            sendTokens(coalescer.flushIfDue(System.nanoTime()));
            armTimerIfPending();
            missed = pending.addAndGet(-missed);
        } while (missed != 0);
    }

    /**
     * The token's text and that of every token queued right behind it: text that arrived while
     * this actor was busy goes out as one frame (the first frame of a fast answer holds all of it,
     * not one token), with the first token's arrival time.
     */
    private String tokensQueuedAfter(TokenEvent first) {
        if (!(events.peek() instanceof TokenEvent)) {
            return first.text();
        }
        StringBuilder text = new StringBuilder(first.text());
        while (events.peek() instanceof TokenEvent next) {
            events.poll();
            text.append(next.text());
        }
        return text.toString();
    }

    private void armTimerIfPending() {
        if (coalescer.hasPending() && !timerArmed && !gone && !broken) {
            timerArmed = true;
            // The tick goes through the queue like any event, so the coalescer stays single-threaded.
            timer.schedule(() -> {
                events.add(new Tick());
                schedule();
            }, maxDelay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void sendTokens(List<Token> frames) {
        for (Token frame : frames) {
            send(frame);
        }
    }

    private boolean send(ServerFrame frame) {
        if (gone || broken) {
            return false;
        }
        byte[] bytes = codec.encodeBytes(frame);
        for (int attemptNo = 0; ; attemptNo++) {
            try {
                sink.send(connectionId, bytes);
                return true;
            } catch (ConnectionGoneException e) {
                gone = true;
                LOG.info("event=connection_gone connectionId={} messageId={} attempt={}", connectionId, messageId, attempt);
                return false;
            } catch (DeliveryFailedException e) {
                if (attemptNo >= RETRY_PAUSES_MILLIS.length) {
                    broken = true;
                    LOG.warn("event=delivery_broken connectionId={} messageId={} attempt={} detail=\"{}\"", connectionId, messageId, attempt,
                            e.getMessage());
                    return false;
                }
                pause(RETRY_PAUSES_MILLIS[attemptNo]);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
