package com.mangaassist.shared.contract;

import java.time.Duration;

/**
 * The autoscaling the CDK app deploys, defined once: the infra-cdk stacks build their policies from
 * these, and the capacity planner simulates exactly these, so a plan cannot drift from what
 * {@code cdk deploy} creates.
 */
public final class ScalingTargets {

    /** ECS tracks {@link MetricNames#TURN_CAPACITY_USED} (in-flight turns over capacity, percent) at this target. */
    public static final int ORCHESTRATOR_CAPACITY_TARGET_PERCENT = 70;
    /** A CPU policy backs the capacity one up, for turns that cost more CPU than the capacity assumes. */
    public static final int ORCHESTRATOR_CPU_TARGET_PERCENT = 80;
    public static final Duration ORCHESTRATOR_SCALE_OUT_COOLDOWN = Duration.ofSeconds(60);
    public static final Duration ORCHESTRATOR_SCALE_IN_COOLDOWN = Duration.ofSeconds(300);
    /** The NLB's health check on {@code /ready}: a new task takes traffic after this many passes at this interval. */
    public static final Duration ORCHESTRATOR_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(10);
    public static final int ORCHESTRATOR_HEALTHY_THRESHOLD = 2;
    /** A task leaving the service finishes its turns for this long after the NLB stops sending it new ones. */
    public static final Duration ORCHESTRATOR_DEREGISTRATION_DELAY = Duration.ofSeconds(120);

    /** SageMaker tracks ConcurrentRequestsPerModel (high resolution) at this many per small-tier instance: 75 % of its batch. */
    public static final int GPU_CONCURRENT_REQUESTS_TARGET = 24;

    /**
     * The per-instance target of a tier: 75 % of its engine's batch limit, so a burst lands in the
     * headroom while a new instance loads (24 of the small tier's 32, 12 of the large tier's 16).
     */
    public static int gpuConcurrentRequestsTarget(EngineSettings engine) {
        return gpuConcurrentRequestsTarget(engine.maxNumSeqs());
    }

    /** The same for a batch limit of {@code maxNumSeqs} (the capacity planner's tiers). */
    public static int gpuConcurrentRequestsTarget(int maxNumSeqs) {
        return Math.max(1, maxNumSeqs * 3 / 4);
    }
    public static final Duration GPU_SCALE_OUT_COOLDOWN = Duration.ofSeconds(60);
    /** Long: a GPU instance taken away costs two minutes to get back. */
    public static final Duration GPU_SCALE_IN_COOLDOWN = Duration.ofSeconds(600);
    /** The OOM escalation alarm's step policy adds one instance, then waits this long. */
    public static final Duration GPU_OOM_STEP_COOLDOWN = Duration.ofSeconds(300);
    /** Fewer than two and a replacement instance would take traffic cold, alone. */
    public static final int MIN_GPU_INSTANCES = 2;

    // ---- a release on the GPU endpoint: SageMaker's blue/green update, during which autoscaling is blocked ----
    /** Share of capacity the green fleet takes first (canary), in percent. */
    public static final int GPU_UPDATE_CANARY_PERCENT = 10;
    /** How long the canary bakes before the rest of the traffic shifts to the green fleet. */
    public static final Duration GPU_UPDATE_CANARY_WAIT = Duration.ofSeconds(600);
    /** How long the blue fleet stays (billed, without traffic) after the shift, so a rollback is instant. */
    public static final Duration GPU_UPDATE_TERMINATION_WAIT = Duration.ofSeconds(600);
    /** The most an update may run before SageMaker rolls it back. */
    public static final Duration GPU_UPDATE_TIMEOUT = Duration.ofSeconds(3600);

    private ScalingTargets() {
    }
}
