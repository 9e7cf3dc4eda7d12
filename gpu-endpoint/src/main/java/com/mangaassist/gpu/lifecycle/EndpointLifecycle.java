package com.mangaassist.gpu.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Readiness, kept apart from liveness: the endpoint takes traffic only when the model is loaded,
 * every warmup shape completed, the engine answers its health probe, and the recent error rate is
 * acceptable. Reads are lock-free so {@code /ping} never waits on anything.
 */
public final class EndpointLifecycle {

    private final AtomicReference<LifecycleState> state = new AtomicReference<>(LifecycleState.LOADING_MODEL);
    private volatile int warmupCompleted;
    private volatile int warmupTotal;
    private volatile String engineProblem;
    private volatile String errorRateProblem;

    public LifecycleState state() {
        return state.get();
    }

    public void modelLoading() {
        state.set(LifecycleState.LOADING_MODEL);
        warmupCompleted = 0;
    }

    public void warming(int shapes) {
        warmupTotal = shapes;
        warmupCompleted = 0;
        state.set(LifecycleState.WARMING);
    }

    public void shapeCompleted() {
        warmupCompleted++;
    }

    public void ready() {
        state.set(LifecycleState.READY);
    }

    public void failed() {
        state.set(LifecycleState.FAILED);
    }

    /** The health probe's verdict: {@code null} when the engine answered in time. */
    public void engineProblem(String problem) {
        engineProblem = problem;
    }

    /** The error-rate window's verdict: {@code null} when acceptable. */
    public void errorRateProblem(String problem) {
        errorRateProblem = problem;
    }

    public boolean trafficReady() {
        return state.get() == LifecycleState.READY && engineProblem == null && errorRateProblem == null;
    }

    public int warmupCompleted() {
        return warmupCompleted;
    }

    public int warmupTotal() {
        return warmupTotal;
    }

    public PingStatus ping() {
        LifecycleState current = state.get();
        List<String> reasons = new ArrayList<>(3);
        switch (current) {
            case LOADING_MODEL -> reasons.add("model loading");
            case WARMING -> reasons.add("warming up: " + warmupCompleted + " of " + warmupTotal + " shapes done");
            case FAILED -> reasons.add("model failed to load or warm up");
            case READY -> { }
        }
        String engine = engineProblem;
        if (engine != null) {
            reasons.add(engine);
        }
        String errors = errorRateProblem;
        if (errors != null) {
            reasons.add(errors);
        }
        return new PingStatus(reasons.isEmpty(), current, warmupCompleted, warmupTotal, reasons);
    }
}
