package com.mangaassist.pipeline.inference;

import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.inference.FinishReason;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceCodec;
import com.mangaassist.shared.wire.inference.InferenceError;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import com.mangaassist.shared.wire.inference.StatefulSessions;
import com.mangaassist.shared.wire.server.Usage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleConsumer;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.PayloadPart;
import software.amazon.awssdk.services.sagemakerruntime.model.ResponseStream;

/**
 * Streams one turn's answer from the GPU endpoint with InvokeEndpointWithResponseStream. Each
 * attempt must produce its first event within {@code firstEventTimeout}; failures are retried only
 * before the first token (a user never sees text twice) and only when another attempt can help
 * (not for a 4xx, and not for {@code capacity_limit}: the endpoint already answered an OOM with its
 * fallback). A resilience4j breaker around the endpoint fails turns fast while it is down, which
 * the routing policy sees as GPU pressure.
 */
public final class SageMakerInferenceClient implements InferenceStreamer {

    private final SageMakerRuntimeAsyncClient client;
    private final InferenceCodec codec = InferenceCodec.withDefaults();
    private final CircuitBreaker breaker;
    private final Duration firstEventTimeout;
    private final Duration streamTimeout;
    private final int maxAttempts;
    /** The base of the wait between tries before the first token (see {@link #backOff}). */
    static final Duration RETRY_BACKOFF = Duration.ofMillis(250);
    private final DoubleConsumer saturationObserver;

    public SageMakerInferenceClient(SageMakerRuntimeAsyncClient client, CircuitBreaker breaker, Duration firstEventTimeout,
                                    Duration streamTimeout, int maxAttempts) {
        this(client, breaker, firstEventTimeout, streamTimeout, maxAttempts, saturation -> { });
    }

    /**
     * @param saturationObserver receives the endpoint's saturation (running plus waiting over its
     *                           batch limit) from each answer's custom attributes, for routing
     */
    public SageMakerInferenceClient(SageMakerRuntimeAsyncClient client, CircuitBreaker breaker, Duration firstEventTimeout,
                                    Duration streamTimeout, int maxAttempts, DoubleConsumer saturationObserver) {
        this.saturationObserver = Objects.requireNonNull(saturationObserver, "saturationObserver");
        this.client = Objects.requireNonNull(client, "client");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.firstEventTimeout = firstEventTimeout;
        this.streamTimeout = streamTimeout;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Configures an SDK client builder for this class: SDK retries off, because a retried streaming
     * call replays the events of both attempts into one handler (the user would see text twice);
     * this class retries itself, and only before the first token.
     */
    public static SageMakerRuntimeAsyncClientBuilder configure(SageMakerRuntimeAsyncClientBuilder builder) {
        return builder.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    @Override
    public InferenceChunk.EndChunk stream(String endpointName, InferenceRequest request, TokenListener listener, Duration within)
            throws InferenceCallException {
        return stream(endpointName, null, request, listener, within);
    }

    /** The longest an opening may take (it runs beside the turn's retrieval; the turn itself waits less): a control call. */
    static final Duration OPEN_SESSION_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Opens a stateful session: InvokeEndpoint with {@code NEW_SESSION} (the streaming call cannot
     * open one), bounded by {@link #OPEN_SESSION_TIMEOUT}. Not counted by the breaker: it is a
     * control call, and a turn whose session could not be opened goes on without one; while the
     * breaker is not closed none is tried (the endpoint is failing, and the turn fails fast anyway).
     */
    @Override
    public StatefulSessions.Opened openSession(String endpointName) throws InferenceCallException {
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            throw new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, "GPU endpoint circuit is not closed: no session opened", false);
        }
        CompletableFuture<InvokeEndpointResponse> call = client.invokeEndpoint(r -> r.endpointName(endpointName)
                .sessionId(StatefulSessions.NEW_SESSION).contentType("application/json").accept("application/json")
                .body(SdkBytes.fromUtf8String(StatefulSessions.NEW_SESSION_BODY)));
        try {
            InvokeEndpointResponse response = call.get(Math.min(firstEventTimeout.toMillis(), OPEN_SESSION_TIMEOUT.toMillis()),
                    TimeUnit.MILLISECONDS);
            StatefulSessions.Opened opened = StatefulSessions.parseNewSession(response.newSessionId());
            if (opened == null) {
                throw new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, "the endpoint opened no stateful session (NewSessionId "
                        + response.newSessionId() + ")", false);
            }
            return opened;
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new InferenceCallException(ErrorCode.INTERNAL, "interrupted", false);
        } catch (ExecutionException | TimeoutException e) {
            call.cancel(true);
            throw new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, "could not open a stateful session: " + e, false);
        }
    }

    /** Closes a session, best effort and without waiting: it expires on its own otherwise. */
    @Override
    public void closeSession(String endpointName, String sessionId) {
        client.invokeEndpoint(r -> r.endpointName(endpointName).sessionId(sessionId).contentType("application/json")
                .accept("application/json").body(SdkBytes.fromUtf8String(StatefulSessions.CLOSE_BODY)));
    }

    @Override
    public InferenceChunk.EndChunk stream(String endpointName, String sessionId, InferenceRequest request, TokenListener listener,
                                          Duration within) throws InferenceCallException {
        byte[] body = codec.encode(request.streaming()).getBytes(StandardCharsets.UTF_8);
        // The streamer's own bound grows with the answer it may stream (TurnTimings.streamFor): a long healthy answer is not
        // cut, counted against the endpoint and generated again; only one slower than the floor rate for its whole length is.
        Duration own = TurnTimings.streamFor(firstEventTimeout, streamTimeout, request.maxTokens());
        long deadline = System.nanoTime() + Math.min(own.toNanos(), within.toNanos());
        boolean callerBound = within.compareTo(own) < 0;
        InferenceCallException last = null;
        String session = sessionId;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (!breaker.tryAcquirePermission()) {
                throw new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, "GPU endpoint circuit is open", false);
            }
            long start = breaker.getCurrentTimestamp();
            Attempt run = new Attempt(listener);
            try {
                InferenceChunk.EndChunk end = run.execute(endpointName, session, body, deadline, callerBound);
                breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
                return end;
            } catch (InferenceCallException e) {
                boolean endpointFault = !e.outOfTime() && (e.code() == ErrorCode.MODEL_UNAVAILABLE || e.code() == ErrorCode.INTERNAL);
                if (endpointFault) {
                    breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
                } else {
                    breaker.releasePermission();
                }
                if (e.afterTokens() || !endpointFault) {
                    throw e;
                }
                last = e;
                // A session would send the retry back to the instance that just failed: retry where SageMaker's routing sends it.
                session = null;
                if (attempt < maxAttempts && !backOff(attempt, deadline)) {
                    throw e;
                }
            } catch (RuntimeException e) {
                // Anything unexpected still gives the permit back: a leaked HALF_OPEN trial would keep the breaker half-open for ever.
                breaker.releasePermission();
                throw e;
            }
        }
        throw last;
    }

    /**
     * Waits before the next try, longer each time and jittered: a failed instance leaves the
     * endpoint's routing only after its health checks, and tries in the same instant would all
     * reach it again. False when the wait would not leave the caller's deadline room for a call.
     */
    private static boolean backOff(int attempt, long deadlineNanos) {
        long waitNanos = RETRY_BACKOFF.toNanos() * attempt + java.util.concurrent.ThreadLocalRandom.current().nextLong(RETRY_BACKOFF.toNanos());
        if (System.nanoTime() + waitNanos + RETRY_BACKOFF.toNanos() >= deadlineNanos) {
            return false;
        }
        try {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads {@code saturation=<x>} from the endpoint's custom attributes (comma-separated key=value pairs). */
    private void reportSaturation(String attributes, TokenListener listener) {
        if (attributes == null) {
            return;
        }
        for (String pair : attributes.split(",")) {
            String trimmed = pair.strip();
            if (trimmed.startsWith("saturation=")) {
                try {
                    double saturation = Double.parseDouble(trimmed.substring("saturation=".length()));
                    saturationObserver.accept(saturation);
                    listener.onInstanceLoad(saturation);
                } catch (NumberFormatException ignored) {
                    // an endpoint we do not know wrote it: no signal rather than a wrong one
                }
            }
        }
    }

    /** The streamer's own bound ended the wait: the endpoint streamed, too slowly for the answer it was asked for. */
    private static final class StreamTooSlow extends TimeoutException {
        private static final long serialVersionUID = 1L;

        StreamTooSlow() {
            super("stream deadline");
        }
    }

    /** The caller's bound, not the endpoint, ended the wait. */
    private static final class DeadlineReached extends Exception {
        private static final long serialVersionUID = 1L;

        DeadlineReached() {
            super(null, null, false, false);
        }
    }

    /** One call: collects the stream, reporting tokens as they arrive. */
    private final class Attempt {
        private final TokenListener listener;
        private final JsonLineAssembler lines = new JsonLineAssembler();
        private final CompletableFuture<Void> firstEvent = new CompletableFuture<>();
        private final CompletableFuture<InferenceChunk.EndChunk> end = new CompletableFuture<>();
        private final AtomicReference<Subscription> subscription = new AtomicReference<>();
        /** Guards {@code closed} and {@code forwarded}: a token reaches the listener only while the caller still waits on this attempt. */
        private final Object gate = new Object();
        private boolean closed;
        private int forwarded;
        private volatile long lastEventNanos = System.nanoTime();
        /** The stateful session the call names, or {@code null}. */
        private String sessionId;

        Attempt(TokenListener listener) {
            this.listener = listener;
        }

        /**
         * Ends this attempt for the listener: no token of it is forwarded from now on, so a retry
         * never interleaves with a late event of the attempt it replaces. Returns how many were.
         */
        private int close() {
            synchronized (gate) {
                closed = true;
                return forwarded;
            }
        }

        private boolean afterTokens() {
            synchronized (gate) {
                return forwarded > 0;
            }
        }

        InferenceChunk.EndChunk execute(String endpointName, String sessionId, byte[] body, long deadlineNanos, boolean callerBound)
                throws InferenceCallException {
            this.sessionId = sessionId;
            try {
                return run(endpointName, body, deadlineNanos, callerBound);
            } finally {
                close();
            }
        }

        private InferenceChunk.EndChunk run(String endpointName, byte[] body, long deadlineNanos, boolean callerBound)
                throws InferenceCallException {
            InvokeEndpointWithResponseStreamResponseHandler handler = InvokeEndpointWithResponseStreamResponseHandler.builder()
                    .onResponse(response -> reportSaturation(response.customAttributes(), listener))
                    .onEventStream(publisher -> publisher.subscribe(new EventSubscriber()))
                    .onError(e -> end.completeExceptionally(e))
                    .build();
            CompletableFuture<Void> call = client.invokeEndpointWithResponseStream(r -> r.endpointName(endpointName).sessionId(sessionId)
                    .contentType("application/json").accept("application/jsonlines").body(SdkBytes.fromByteArrayUnsafe(body)), handler);
            call.whenComplete((ok, failure) -> {
                if (failure != null) {
                    end.completeExceptionally(failure);
                } else {
                    end.completeExceptionally(new IllegalStateException("stream ended without an end chunk"));
                }
            });
            try {
                long firstWait = Math.min(firstEventTimeout.toNanos(), deadlineNanos - System.nanoTime());
                try {
                    CompletableFuture.anyOf(firstEvent, end).get(Math.max(0, firstWait), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (callerBound && System.nanoTime() >= deadlineNanos) {
                        throw new DeadlineReached();
                    }
                    throw e;
                }
                return awaitEnd(deadlineNanos, callerBound);
            } catch (DeadlineReached e) {
                cancel(call);
                throw InferenceCallException.outOfTime(close() > 0);
            } catch (TimeoutException e) {
                cancel(call);
                int sent = close();
                throw new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, sent == 0
                        ? "no answer from the GPU endpoint within " + firstEventTimeout.toMillis() + " ms"
                        : e instanceof StreamTooSlow ? "the GPU endpoint streamed slower than " + TurnTimings.MIN_TOKENS_PER_SECOND + " tokens a second"
                        : "the GPU endpoint stopped streaming", sent > 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel(call);
                throw new InferenceCallException(ErrorCode.INTERNAL, "interrupted", close() > 0);
            } catch (ExecutionException e) {
                close();
                throw classify(e.getCause());
            }
        }

        /**
         * The end of the stream, within the whole-stream bound, and with no gap between events longer
         * than the first-event timeout: an endpoint that stops streaming mid-answer fails the turn in
         * seconds instead of holding it for the whole-stream bound.
         */
        private InferenceChunk.EndChunk awaitEnd(long deadline, boolean callerBound)
                throws InterruptedException, ExecutionException, TimeoutException, DeadlineReached {
            long idleNanos = firstEventTimeout.toNanos();
            while (true) {
                long wait = Math.min(idleNanos, deadline - System.nanoTime());
                if (wait <= 0) {
                    pastDeadline(callerBound);
                }
                try {
                    return end.get(wait, TimeUnit.NANOSECONDS);
                } catch (TimeoutException stillOpen) {
                    if (System.nanoTime() - lastEventNanos >= idleNanos) {
                        throw stillOpen;
                    }
                    if (System.nanoTime() >= deadline) {
                        pastDeadline(callerBound);
                    }
                }
            }
        }

        /** The whole-stream bound passed: the caller's (out of time, not the endpoint's fault) or the streamer's own (the endpoint is too slow). */
        private void pastDeadline(boolean callerBound) throws TimeoutException, DeadlineReached {
            if (callerBound) {
                throw new DeadlineReached();
            }
            throw new StreamTooSlow();
        }

        private void cancel(CompletableFuture<Void> call) {
            Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
            call.cancel(true);
        }

        private InferenceCallException classify(Throwable failure) {
            if (failure instanceof InferenceCallException e) {
                return e;
            }
            if (failure instanceof CompletionException && failure.getCause() != null) {
                return classify(failure.getCause());
            }
            if (failure instanceof ModelErrorException modelError) {
                Decoded<InferenceError> error = codec.decodeError(modelError.originalMessage() == null ? "" : modelError.originalMessage());
                ErrorCode code = error.isOk() ? error.value().code() : ErrorCode.MODEL_UNAVAILABLE;
                if (code == ErrorCode.SESSION_CLOSED) {
                    return sessionClosed("the instance no longer holds session " + sessionId);
                }
                // not_ready and 5xx may go better on another instance; the rest is the answer.
                if (code == ErrorCode.NOT_READY) {
                    code = ErrorCode.MODEL_UNAVAILABLE;
                }
                String message = error.isOk() ? error.value().message() : "GPU endpoint error " + modelError.originalStatusCode();
                return new InferenceCallException(code, message, afterTokens());
            }
            if (failure instanceof SdkException sdk) {
                if (sessionId != null && sdk instanceof AwsServiceException service && service.statusCode() == 400 && aboutSession(service)) {
                    // SageMaker refuses a session it no longer routes (closed, expired, its instance gone) before the container sees it.
                    return sessionClosed("SageMaker no longer routes session " + sessionId + ": " + service.getMessage());
                }
                if (sdk instanceof AwsServiceException service && service.statusCode() >= 400 && service.statusCode() < 500
                        && service.statusCode() != 429) {
                    return new InferenceCallException(ErrorCode.INVALID_FIELD, service.getMessage(), afterTokens());
                }
                return new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, "GPU endpoint unavailable: " + sdk.getMessage(), afterTokens());
            }
            return new InferenceCallException(ErrorCode.INTERNAL, "unexpected " + failure.getClass().getSimpleName(), afterTokens());
        }

        /** Whether a 400 names the session (any other, such as a payload limit, is the request's fault and says so). */
        private boolean aboutSession(AwsServiceException service) {
            String message = service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null
                    ? service.awsErrorDetails().errorMessage() : String.valueOf(service.getMessage());
            return message.contains(sessionId) || message.toLowerCase(java.util.Locale.ROOT).contains("session");
        }

        private InferenceCallException sessionClosed(String message) {
            return new InferenceCallException(ErrorCode.SESSION_CLOSED, message, afterTokens());
        }

        private final class EventSubscriber implements Subscriber<ResponseStream> {
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
                        cancelSubscription();
                        return false;
                    }
                    forwarded += tokens;
                    count = forwarded;
                    keepGoing = listener.onToken(text);
                }
                if (!keepGoing) {
                    end.complete(new InferenceChunk.EndChunk(FinishReason.CANCELLED, new Usage(0, count), false, 0, false));
                    cancelSubscription();
                }
                return keepGoing;
            }

            private void cancelSubscription() {
                Subscription s = subscription.get();
                if (s != null) {
                    s.cancel();
                }
            }

            private void fail(InferenceCallException e) {
                end.completeExceptionally(e);
                Subscription s = subscription.get();
                if (s != null) {
                    s.cancel();
                }
            }

            @Override
            public void onError(Throwable t) {
                end.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                end.completeExceptionally(new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, "stream ended without an end chunk", afterTokens()));
            }
        }
    }
}
