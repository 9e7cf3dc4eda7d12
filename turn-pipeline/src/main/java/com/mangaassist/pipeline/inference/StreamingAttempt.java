package com.mangaassist.pipeline.inference;

import com.mangaassist.pipeline.inference.InferenceStreamer.TokenListener;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceCodec;
import com.mangaassist.shared.wire.inference.InferenceError;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleConsumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/**
 * One InvokeEndpointWithResponseStream call of {@link SageMakerInferenceClient}, which retries by
 * starting a fresh attempt: it makes the call, waits for the first event and then for the end
 * chunk within the attempt's bounds, cancels the call when a bound passes, and maps whatever ended
 * it to an {@link InferenceCallException} whose code and {@code afterTokens} tell the client
 * whether another attempt can help. Kept apart from the client so that the retry and breaker
 * policy reads on its own; the events themselves are read by a {@link ResponseStreamSubscriber}.
 * Executed once, by the caller's thread.
 */
final class StreamingAttempt {

    private final SageMakerRuntimeAsyncClient client;
    private final InferenceCodec codec;
    /** Bounds the wait for the first event and every gap between events after it. */
    private final Duration firstEventTimeout;
    private final DoubleConsumer saturationObserver;
    private final TokenListener listener;
    /** The stateful session the call names, or {@code null}. */
    private final String sessionId;
    private final CompletableFuture<Void> firstEvent = new CompletableFuture<>();
    private final CompletableFuture<InferenceChunk.EndChunk> end = new CompletableFuture<>();
    private final ResponseStreamSubscriber events;

    StreamingAttempt(SageMakerRuntimeAsyncClient client, InferenceCodec codec, Duration firstEventTimeout,
                     DoubleConsumer saturationObserver, TokenListener listener, String sessionId) {
        this.client = client;
        this.codec = codec;
        this.firstEventTimeout = firstEventTimeout;
        this.saturationObserver = saturationObserver;
        this.listener = listener;
        this.sessionId = sessionId;
        this.events = new ResponseStreamSubscriber(codec, listener, firstEvent, end);
    }

    /**
     * Streams the answer to {@code body} from {@code endpointName} until its end chunk, or fails;
     * either way no token of this attempt reaches the listener afterwards.
     *
     * @param callerBound whether {@code deadlineNanos} is the caller's (then passing it is not the endpoint's fault)
     */
    InferenceChunk.EndChunk execute(String endpointName, byte[] body, long deadlineNanos, boolean callerBound)
            throws InferenceCallException {
        try {
            return run(endpointName, body, deadlineNanos, callerBound);
        } finally {
            events.close();
        }
    }

    private InferenceChunk.EndChunk run(String endpointName, byte[] body, long deadlineNanos, boolean callerBound)
            throws InferenceCallException {
        InvokeEndpointWithResponseStreamResponseHandler handler = InvokeEndpointWithResponseStreamResponseHandler.builder()
                .onResponse(response -> reportSaturation(response.customAttributes()))
                .onEventStream(publisher -> publisher.subscribe(events))
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
            throw InferenceCallException.outOfTime(events.close() > 0);
        } catch (TimeoutException e) {
            cancel(call);
            int sent = events.close();
            throw new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, sent == 0
                    ? "no answer from the GPU endpoint within " + firstEventTimeout.toMillis() + " ms"
                    : e instanceof StreamTooSlow ? "the GPU endpoint streamed slower than " + TurnTimings.MIN_TOKENS_PER_SECOND + " tokens a second"
                    : "the GPU endpoint stopped streaming", sent > 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(call);
            throw new InferenceCallException(ErrorCode.INTERNAL, "interrupted", events.close() > 0);
        } catch (ExecutionException e) {
            events.close();
            throw classify(e.getCause());
        }
    }

    /** Reads {@code saturation=<x>} from the endpoint's custom attributes (comma-separated key=value pairs). */
    private void reportSaturation(String attributes) {
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
                if (System.nanoTime() - events.lastEventNanos() >= idleNanos) {
                    throw stillOpen;
                }
                if (System.nanoTime() >= deadline) {
                    pastDeadline(callerBound);
                }
            }
        }
    }

    /** The whole-stream bound passed: the caller's (out of time, not the endpoint's fault) or the streamer's own (the endpoint is too slow). */
    private static void pastDeadline(boolean callerBound) throws TimeoutException, DeadlineReached {
        if (callerBound) {
            throw new DeadlineReached();
        }
        throw new StreamTooSlow();
    }

    private void cancel(CompletableFuture<Void> call) {
        events.cancel();
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
            return new InferenceCallException(code, message, events.afterTokens());
        }
        if (failure instanceof SdkException sdk) {
            if (sessionId != null && sdk instanceof AwsServiceException service && service.statusCode() == 400 && aboutSession(service)) {
                // SageMaker refuses a session it no longer routes (closed, expired, its instance gone) before the container sees it.
                return sessionClosed("SageMaker no longer routes session " + sessionId + ": " + service.getMessage());
            }
            if (sdk instanceof AwsServiceException service && service.statusCode() >= 400 && service.statusCode() < 500
                    && service.statusCode() != 429) {
                return new InferenceCallException(ErrorCode.INVALID_FIELD, service.getMessage(), events.afterTokens());
            }
            return new InferenceCallException(ErrorCode.MODEL_UNAVAILABLE, "GPU endpoint unavailable: " + sdk.getMessage(), events.afterTokens());
        }
        return new InferenceCallException(ErrorCode.INTERNAL, "unexpected " + failure.getClass().getSimpleName(), events.afterTokens());
    }

    /** Whether a 400 names the session (any other, such as a payload limit, is the request's fault and says so). */
    private boolean aboutSession(AwsServiceException service) {
        String message = service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null
                ? service.awsErrorDetails().errorMessage() : String.valueOf(service.getMessage());
        return message.contains(sessionId) || message.toLowerCase(Locale.ROOT).contains("session");
    }

    private InferenceCallException sessionClosed(String message) {
        return new InferenceCallException(ErrorCode.SESSION_CLOSED, message, events.afterTokens());
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
}
