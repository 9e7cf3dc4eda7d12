package com.mangaassist.pipeline.inference;

import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceCodec;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import com.mangaassist.shared.wire.inference.StatefulSessions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleConsumer;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * Streams one turn's answer from the GPU endpoint with InvokeEndpointWithResponseStream. Each
 * attempt must produce its first event within {@code firstEventTimeout}; failures are retried only
 * before the first token (a user never sees text twice) and only when another attempt can help
 * (not for a 4xx, and not for {@code capacity_limit}: the endpoint already answered an OOM with its
 * fallback). A resilience4j breaker around the endpoint fails turns fast while it is down, which
 * the routing policy sees as GPU pressure. This class holds that policy; each call is a
 * {@link StreamingAttempt}, whose events a {@link ResponseStreamSubscriber} reads.
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
            StreamingAttempt run = new StreamingAttempt(client, codec, firstEventTimeout, saturationObserver, listener, session);
            try {
                InferenceChunk.EndChunk end = run.execute(endpointName, body, deadline, callerBound);
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
}
