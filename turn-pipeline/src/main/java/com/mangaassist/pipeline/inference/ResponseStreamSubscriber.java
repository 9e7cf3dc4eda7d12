package com.mangaassist.pipeline.inference;

import com.mangaassist.pipeline.inference.InferenceStreamer.TokenListener;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.inference.FinishReason;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceCodec;
import com.mangaassist.shared.wire.server.Usage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.sagemakerruntime.model.PayloadPart;
import software.amazon.awssdk.services.sagemakerruntime.model.ResponseStream;

/**
 * Reads the event stream of one {@link StreamingAttempt}: re-assembles the JSON lines of its
 * payload parts, hands their text to the turn's listener, and completes the attempt's futures with
 * the end chunk or the failure. It runs on the SDK's threads while the attempt waits on the
 * caller's, so it is also the attempt's gate to the listener: once {@link #close()} is called (the
 * caller gave up on the attempt, or it ended) no token of it is forwarded, and a retry never
 * interleaves with a late event of the attempt it replaces.
 */
final class ResponseStreamSubscriber implements Subscriber<ResponseStream> {

    private final InferenceCodec codec;
    private final TokenListener listener;
    /** Completed by the first event of any kind: the endpoint answered. */
    private final CompletableFuture<Void> firstEvent;
    /** The attempt's outcome: the end chunk, or why there is none. */
    private final CompletableFuture<InferenceChunk.EndChunk> end;
    private final JsonLineAssembler lines = new JsonLineAssembler();
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    /** Guards {@code closed} and {@code forwarded}: a token reaches the listener only while the caller still waits on this attempt. */
    private final Object gate = new Object();
    private boolean closed;
    private int forwarded;
    private volatile long lastEventNanos = System.nanoTime();

    ResponseStreamSubscriber(InferenceCodec codec, TokenListener listener, CompletableFuture<Void> firstEvent,
                             CompletableFuture<InferenceChunk.EndChunk> end) {
        this.codec = codec;
        this.listener = listener;
        this.firstEvent = firstEvent;
        this.end = end;
    }

    /**
     * Ends the attempt for the listener: no token of it is forwarded from now on, so a retry never
     * interleaves with a late event of the attempt it replaces. Returns how many were.
     */
    int close() {
        synchronized (gate) {
            closed = true;
            return forwarded;
        }
    }

    /** Whether any token reached the listener (a failure after one is never retried). */
    boolean afterTokens() {
        synchronized (gate) {
            return forwarded > 0;
        }
    }

    /** When the last event arrived ({@link System#nanoTime()}; creation time before the first): the attempt's idle bound reads it. */
    long lastEventNanos() {
        return lastEventNanos;
    }

    /** Stops the stream, if it has started: the attempt gave up on it. */
    void cancel() {
        Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription.set(s);
        s.request(Long.MAX_VALUE);
    }

    /**
     * One payload part may carry many lines (an endpoint that answers faster than it is read): its text goes to the
     * listener as one piece, so what one network read brought becomes one frame to the client, not one per token.
     */
    @Override
    public void onNext(ResponseStream event) {
        firstEvent.complete(null);
        lastEventNanos = System.nanoTime();
        if (!(event instanceof PayloadPart part)) {
            return;
        }
        StringBuilder text = new StringBuilder();
        int tokens = 0;
        for (String line : lines.accept(part.bytes().asByteArray())) {
            Decoded<InferenceChunk> chunk = codec.decodeChunk(line);
            if (!chunk.isOk()) {
                if (forwardPending(text, tokens)) {
                    fail(new InferenceCallException(ErrorCode.INTERNAL, "unreadable stream chunk: " + chunk.error().message(), afterTokens()));
                }
                return;
            }
            if (chunk.value() instanceof InferenceChunk.TokenChunk token) {
                text.append(token.text());
                tokens++;
            } else if (chunk.value() instanceof InferenceChunk.EndChunk endChunk) {
                if (forwardPending(text, tokens)) {
                    end.complete(endChunk);
                }
                return;
            } else if (chunk.value() instanceof InferenceChunk.ErrorChunk error) {
                if (forwardPending(text, tokens)) {
                    fail(new InferenceCallException(error.code(), error.message(), afterTokens() || error.afterTokens()));
                }
                return;
            }
        }
        forwardPending(text, tokens);
    }

    @Override
    public void onError(Throwable t) {
        end.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        end.completeExceptionally(new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, "stream ended without an end chunk", afterTokens()));
    }

    /** Forwards the part's text gathered so far (if any); false when the stream should stop. */
    private boolean forwardPending(StringBuilder text, int tokens) {
        if (tokens == 0) {
            return true;
        }
        boolean keepGoing = forward(text.toString(), tokens);
        text.setLength(0);
        return keepGoing;
    }

    /** Hands text to the listener unless the caller gave up on this attempt; false when the stream should stop. */
    private boolean forward(String text, int tokens) {
        boolean keepGoing;
        int count;
        synchronized (gate) {
            if (closed) {
                cancel();
                return false;
            }
            forwarded += tokens;
            count = forwarded;
            keepGoing = listener.onToken(text);
        }
        if (!keepGoing) {
            end.complete(new InferenceChunk.EndChunk(FinishReason.CANCELLED, new Usage(0, count), false, 0, false));
            cancel();
        }
        return keepGoing;
    }

    private void fail(InferenceCallException e) {
        end.completeExceptionally(e);
        cancel();
    }
}
