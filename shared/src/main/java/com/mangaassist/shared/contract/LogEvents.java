package com.mangaassist.shared.contract;


/**
 * The {@code event=} names of log lines that something outside the process acts on: the CDK
 * app's metric filters turn these gpu-endpoint events into CloudWatch metrics, and its saved
 * queries read the turn pipeline's usage lines, so the services and the CDK app read them from here.
 */
public final class LogEvents {

    /** Two OOM trips within the escalation window: scale the endpoint out. */
    public static final String OOM_ESCALATION = "oom_escalation";
    /** The OOM breaker changed state ({@code to=OPEN} is a trip). */
    public static final String BREAKER_TRANSITION = "breaker_transition";
    /** The model failed to load or a warmup shape failed: the process exits 1. */
    public static final String MODEL_LOAD_FAILURE = "model_load_failure";
    /** Not traffic-ready within the warmup deadline: the process exits 1. */
    public static final String WARMUP_TIMEOUT = "warmup_timeout";

    /**
     * The engine's saturation signals, one event per instance per interval (ADR 0036), with the
     * values as top-level fields ({@link #KV_CACHE_USAGE_FIELD} …) the metric filters publish.
     */
    public static final String ENGINE_SIGNALS = "engine_signals";
    /** Share of the engine's KV-cache blocks in use, 0..1 (absent when the engine cannot tell). */
    public static final String KV_CACHE_USAGE_FIELD = "kvCacheUsage";
    /** Requests queued in the engine, not yet running. */
    public static final String REQUESTS_WAITING_FIELD = "requestsWaiting";
    /** Sequences in the engine's running batch. */
    public static final String REQUESTS_RUNNING_FIELD = "requestsRunning";
    /** Sequences the engine preempted since the instance's previous signals event. */
    public static final String PREEMPTIONS_FIELD = "preemptions";
    /**
     * Share of the prompt tokens looked up since the instance's previous signals event that its
     * prefix cache held (0..1); absent when none were looked up. What conversation affinity buys (ADR 0040).
     */
    public static final String PREFIX_CACHE_HIT_RATE_FIELD = "prefixCacheHitRate";
    /** This instance's time to first token, p99 over the requests since its previous signals event, ms; absent when none. */
    public static final String TTFT_P99_FIELD = "ttftP99Millis";

    /**
     * A top-level field of every gpu-endpoint log event: the deployment that runs it (the
     * {@link SettingNames#METRICS_DEPLOYMENT} setting, which the CDK app sets to the stack's name).
     * The metric filters take the {@link MetricNames#DEPLOYMENT} dimension from it, so a dev
     * endpoint's OOM escalation never scales or pages the prod one in the same account and region.
     */
    public static final String DEPLOYMENT_FIELD = "deployment";
    /**
     * A top-level field of every gpu-endpoint log event: the model tier the instance serves
     * ({@link SettingNames#METRICS_TIER}, {@code small} unless set). The metric filters take the
     * {@link MetricNames#TIER} dimension from it, so one tier's OOM escalation scales that tier only.
     */
    public static final String TIER_FIELD = "tier";

    /**
     * An answer was stored and charged to its caller's token usage (ADR 0046), logged by the turn pipeline on both compute
     * paths as {@code event=usage_charged principal=<sub> tokens=<n> route=<route> tier=<tier>}: the CDK app's saved Logs
     * Insights query and the dashboard's top-callers widget sum {@code tokens} by {@code principal} from these lines.
     */
    public static final String USAGE_CHARGED = "usage_charged";

    private LogEvents() {
    }
}
