package com.mangaassist.infra;

/**
 * The CloudWatch names the platform's services publish under; alarms and the dashboard read the
 * same constants. Orchestrator metrics come from its Micrometer CloudWatch registry; the
 * gpu-endpoint's come from metric filters on its JSON log events.
 */
public final class MetricNames {

    public static final String ORCHESTRATOR_NAMESPACE = "MangaAssist/Orchestrator";
    /** Turns per route decision; dimension {@code route} = baseline | overflow | shed. */
    public static final String TURNS_ROUTED = "turns.routed";
    /** Time to first token per turn, milliseconds. */
    public static final String TTFT = "turn.ttft";
    /** Turns that ended in an error frame. */
    public static final String TURNS_FAILED = "turns.failed";

    public static final String GPU_NAMESPACE = "MangaAssist/GpuEndpoint";
    public static final String OOM_ESCALATION = "OOMEscalation";
    public static final String OOM_TRIPS = "OOMTrips";
    public static final String WARMUP_FAILURES = "WarmupFailures";

    private MetricNames() {
    }
}
