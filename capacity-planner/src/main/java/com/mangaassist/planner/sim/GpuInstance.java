package com.mangaassist.planner.sim;

import com.mangaassist.shared.breaker.BreakerListener;
import com.mangaassist.shared.breaker.BreakerSettings;
import com.mangaassist.shared.breaker.OomCircuitBreaker;
import com.mangaassist.shared.capacity.CapacityEstimate;
import java.util.ArrayDeque;

/**
 * One SageMaker instance running vLLM behind the gpu-endpoint front. Sequences are admitted while
 * fewer than max-num-seqs run and the KV cache (from {@code GpuCapacityModel}) holds their final
 * length; the rest wait in order, as vLLM's scheduler keeps them. Prefill then decode: a decode
 * step takes {@code itl × (1 + slowdown × (running − 1))}, the simulated engine's model, fixed at
 * admission. The gpu-endpoint's own {@link OomCircuitBreaker} runs on simulated time.
 */
final class GpuInstance {

    enum State { PROVISIONING, UP, DRAINING, GONE }

    final int id;
    final double provisionedAt;
    final double upAt;
    final double warmAt;
    final OomCircuitBreaker breaker;
    private final CapacityEstimate capacity;
    private final ArrayDeque<InferenceRequest> waiting = new ArrayDeque<>();
    /** Requests being generated here, by identity: a failed instance errors each of them. */
    final java.util.Set<InferenceRequest> inFlight = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    State state = State.PROVISIONING;
    int running;
    long freeBlocks;
    /** A draining instance leaves once idle and past this time (a blue fleet stays for the update's termination wait). */
    double retainedUntil = Double.NEGATIVE_INFINITY;

    GpuInstance(int id, double now, double upAfter, double warmAfter, CapacityEstimate capacity, EventLoop loop, BreakerListener listener) {
        this.id = id;
        this.provisionedAt = now;
        this.upAt = now + upAfter;
        this.warmAt = now + warmAfter;
        this.capacity = capacity;
        this.freeBlocks = capacity.kvBlocks();
        this.breaker = new OomCircuitBreaker(BreakerSettings.defaults(), loop.clock(), listener);
    }

    int outstanding() {
        return running + waiting.size();
    }

    int waiting() {
        return waiting.size();
    }

    boolean warm(double now) {
        return now >= warmAt;
    }

    void enqueue(InferenceRequest request) {
        waiting.addLast(request);
    }

    InferenceRequest peekWaiting() {
        return waiting.peekFirst();
    }

    InferenceRequest pollWaiting() {
        return waiting.pollFirst();
    }

    ArrayDeque<InferenceRequest> drainWaiting() {
        ArrayDeque<InferenceRequest> all = new ArrayDeque<>(waiting);
        waiting.clear();
        return all;
    }

    long blocksFor(int tokens) {
        return capacity.blocksFor(tokens);
    }

    long kvBlocks() {
        return capacity.kvBlocks();
    }
}
