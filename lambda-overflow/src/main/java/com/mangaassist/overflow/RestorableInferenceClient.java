package com.mangaassist.overflow;

import com.mangaassist.pipeline.inference.InferenceCallException;
import com.mangaassist.pipeline.inference.InferenceStreamer;
import com.mangaassist.pipeline.inference.SageMakerInferenceClient;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/**
 * The SageMaker streaming client, rebuilt after a SnapStart restore: the snapshot may hold Netty
 * connections and event-loop state from an environment that no longer exists, so the restored
 * function starts from a fresh SDK client (created before the first invocation, not during it).
 * On a JVM without CRaC the hooks never fire and this is a plain delegate.
 */
public final class RestorableInferenceClient implements InferenceStreamer, Resource, AutoCloseable {

    private final Supplier<SageMakerRuntimeAsyncClient> sdkFactory;
    private final CircuitBreaker breaker;
    private final Duration firstEventTimeout;
    private final Duration streamTimeout;
    private final AtomicReference<SageMakerRuntimeAsyncClient> sdk = new AtomicReference<>();
    private final AtomicReference<SageMakerInferenceClient> client = new AtomicReference<>();

    public RestorableInferenceClient(Supplier<SageMakerRuntimeAsyncClient> sdkFactory, CircuitBreaker breaker, Duration firstEventTimeout,
                                     Duration streamTimeout) {
        this.sdkFactory = sdkFactory;
        this.breaker = breaker;
        this.firstEventTimeout = firstEventTimeout;
        this.streamTimeout = streamTimeout;
        rebuild();
        Core.getGlobalContext().register(this);
    }

    private void rebuild() {
        SageMakerRuntimeAsyncClient fresh = sdkFactory.get();
        client.set(new SageMakerInferenceClient(fresh, breaker, firstEventTimeout, streamTimeout, 3));
        SageMakerRuntimeAsyncClient old = sdk.getAndSet(fresh);
        if (old != null) {
            old.close();
        }
    }

    @Override
    public InferenceChunk.EndChunk stream(String endpointName, InferenceRequest request, TokenListener listener, Duration within)
            throws InferenceCallException {
        return client.get().stream(endpointName, request, listener, within);
    }

    @Override
    public InferenceChunk.EndChunk stream(String endpointName, String sessionId, InferenceRequest request, TokenListener listener,
                                          Duration within) throws InferenceCallException {
        return client.get().stream(endpointName, sessionId, request, listener, within);
    }

    @Override
    public com.mangaassist.shared.wire.inference.StatefulSessions.Opened openSession(String endpointName) throws InferenceCallException {
        return client.get().openSession(endpointName);
    }

    @Override
    public void closeSession(String endpointName, String sessionId) {
        client.get().closeSession(endpointName, sessionId);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // nothing to flush: no call is in flight while the snapshot is taken
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        rebuild();
    }

    @Override
    public void close() {
        SageMakerRuntimeAsyncClient current = sdk.getAndSet(null);
        if (current != null) {
            current.close();
        }
    }
}
