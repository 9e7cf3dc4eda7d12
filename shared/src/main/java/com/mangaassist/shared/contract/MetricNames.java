package com.mangaassist.shared.contract;


/**
 * Every metric the platform's services publish, with its namespace and dimensions, and what the
 * CDK app's alarms, dashboard and scaling policies read: one list, so a renamed metric breaks the
 * build instead of leaving an alarm that watches nothing. The orchestrator and the overflow
 * function publish the turn metrics under the same names, each in its own namespace; the
 * gpu-endpoint's come from metric filters on its log events ({@link LogEvents}).
 */
public final class MetricNames {

    public static final String ORCHESTRATOR_NAMESPACE = "MangaAssist/Orchestrator";
    public static final String OVERFLOW_NAMESPACE = "MangaAssist/Overflow";
    public static final String GPU_NAMESPACE = "MangaAssist/GpuEndpoint";

    /**
     * Dimension on every metric the platform publishes (orchestrator, overflow function, and the
     * gpu-endpoint's log-derived metrics): which deployment published it (the stack's name), so two
     * environments in one account never mix their signals.
     */
    public static final String DEPLOYMENT = "deployment";
    /** Dimension: the compute path ({@code baseline}, {@code overflow}, {@code shed}). */
    public static final String ROUTE = "route";
    /** Dimension: why the routing policy chose the route (a lower-case {@code RoutingReason}). */
    public static final String REASON = "reason";
    /** Dimension: a model tier ({@code small}, {@code large}). */
    public static final String TIER = "tier";
    /** Dimension: a wire error code ({@code busy}, {@code expired}, …). */
    public static final String CODE = "code";
    /** Dimension: a history cache tier's outcome ({@code L1_HIT}, {@code DB_READ}, …). */
    public static final String OUTCOME = "outcome";
    /** Dimension: an AWS service as the SDK names it ({@code DynamoDB}, {@code ApiGatewayManagementApi}, …). */
    public static final String SERVICE = "service";
    /** Dimension: an AWS API operation ({@code TransactWriteItems}, {@code PostToConnection}, …). */
    public static final String OPERATION = "operation";
    /** Dimension: a user's rating of an answer ({@code up}, {@code down}: a {@code Rating}'s wire name). */
    public static final String RATING = "rating";
    /** The {@link #TIER} of an answer stored before answers kept the tier that generated them. */
    public static final String TIER_UNKNOWN = "unknown";

    // ---- turns, on both compute paths ----
    /** Turns answered with {@code done}. */
    public static final String TURNS_COMPLETED = "turns.completed";
    /** Turns that ended in an error frame; dimension {@link #CODE}. */
    public static final String TURNS_FAILED = "turns.failed";
    /** Turns answered and stored whose connection went away before {@code done}: resume returns the answer. */
    public static final String TURNS_CONNECTION_GONE = "turns.connection.gone";
    /** Attempts stopped because a later attempt took the message over (a resend, a redelivery, recovery). */
    public static final String ATTEMPTS_SUPERSEDED = "attempts.superseded";
    /** Attempts that could not finish where they ran (out of time, interrupted, a dependency down) and ended their lease. */
    public static final String ATTEMPTS_ABANDONED = "attempts.abandoned";
    /** Time to first token per answered turn, milliseconds. */
    public static final String TURN_TTFT = "turn.ttft";
    /** History loads per tier outcome; dimension {@link #OUTCOME}. */
    public static final String HISTORY_CACHE = "history.cache";
    /**
     * Turns per retrieval outcome; dimension {@link #OUTCOME} ({@code grounded}, {@code no-hits},
     * {@code timed-out}, {@code failed}: a {@code RetrievalOutcome}'s wire name). Anything but
     * grounded answers without context; timed-out and failed mean the engine is slow or down.
     */
    public static final String RETRIEVAL_TURNS = "retrieval.turns";
    /**
     * Turns per model tier; dimensions {@link #TIER} ({@code small}, {@code large}) and {@link #REASON}
     * (a {@code TierReason}'s wire name: {@code complexity}, {@code degraded}, {@code large-absent}, the
     * last where the score asked for a large tier the deployment does not run).
     */
    public static final String MODEL_TIER_TURNS = "model.tier.turns";
    /**
     * Stateful-session events (conversation affinity, ADR 0040); dimension {@link #OUTCOME}. Every turn
     * records how it got its session ({@code reused}, {@code opened}, {@code unavailable}: none);
     * besides, each session lost during a turn ({@code lost}) or let go for its instance's saturation
     * after one ({@code dropped-saturated}).
     */
    public static final String GPU_SESSIONS = "gpu.sessions";
    /** The {@link #GPU_SESSIONS} outcomes, as the turn pipeline's {@code SessionOutcome} names them (held equal by its test). */
    public static final java.util.List<String> GPU_SESSION_OUTCOMES = java.util.List.of("reused", "opened", "lost", "dropped-saturated",
            "unavailable");
    /** Retrieval time per turn, milliseconds, up to the turn's retrieval deadline. */
    public static final String RETRIEVAL_LATENCY = "retrieval.latency";

    // ---- what users say of the answers (ADR 0045) ----
    /**
     * Answers given a rating or a changed one (a resend of the same rating counts once); dimensions
     * {@link #RATING}, {@link #ROUTE} (the path that answered: {@code baseline}, {@code overflow}) and
     * {@link #TIER} ({@code small}, {@code large}, or {@link #TIER_UNKNOWN}). Published by the
     * orchestrator only: feedback frames reach no other process.
     */
    public static final String ANSWERS_RATED = "answers.rated";

    // ---- orchestrator decisions and load ----
    /** Turns per routing decision; dimensions {@link #ROUTE} and {@link #REASON}. */
    public static final String TURNS_ROUTED = "turns.routed";
    /** Turns admitted on this task and not yet finished. */
    public static final String TURNS_IN_FLIGHT = "turns.in.flight";
    /** Turns in flight over the task's capacity, percent: what ECS scales the service on. */
    public static final String TURN_CAPACITY_USED = "turn.capacity.used";
    /** Client frames refused before they became turns; dimension {@link #CODE}. */
    public static final String FRAMES_REJECTED = "frames.rejected";
    /**
     * Integration calls refused because they carried no valid origin proof: not from this
     * platform's API stage (ADR 0027). Anything above zero outside a botched rotation is a forgery.
     */
    public static final String GATEWAY_ORIGIN_REFUSED = "gateway.origin.refused";
    /** Integration calls accepted on the previous origin proof: non-zero until a rotation's new value is mapped. */
    public static final String GATEWAY_ORIGIN_PREVIOUS = "gateway.origin.previous";
    /** Spills the overflow queue refused (the turn ran here or was shed instead). */
    public static final String OVERFLOW_SPILL_FAILED = "overflow.spill.failed";
    /** Accepted messages the client sent again: a new attempt took them over. */
    public static final String MESSAGES_RESENT = "messages.resent";
    /** Resent messages waiting on the overflow queue: moved to the client's new connection, no new attempt. */
    public static final String MESSAGES_REATTACHED = "messages.reattached";
    /** Connections a caller opened beyond its limit ({@code orchestrator.principal.connections}): refused at {@code $connect}. */
    public static final String CONNECTIONS_REFUSED = "connections.refused";
    /** Per-principal checks answered by the task's own limits because Redis did not answer (ADR 0035). */
    public static final String PRINCIPAL_LIMITS_LOCAL = "principal.limits.local";
    /** Messages whose attempt's lease ended unanswered, taken over by recovery. */
    public static final String TURNS_RECOVERED = "turns.recovered";
    /** Messages recovery gave up on after its last attempt: failed explicitly. */
    public static final String TURNS_RECOVERY_EXHAUSTED = "turns.recovery.exhausted";
    /** Queued turns sent to the overflow queue when a task drained. */
    public static final String DRAIN_SPILLED = "drain.spilled";
    public static final String OVERFLOW_QUEUE_DEPTH = "overflow.queue.depth";
    public static final String GPU_SATURATION = "gpu.endpoint.saturation";
    /** The task's breaker on the GPU endpoint: 0 closed, 1 open, 2 half-open. */
    public static final String GPU_BREAKER_STATE = "gpu.endpoint.breaker.state";
    public static final String PRESSURE_TASK = "routing.pressure.task";
    public static final String PRESSURE_GPU = "routing.pressure.gpu";
    public static final String PRESSURE_OVERFLOW_BACKLOGGED = "routing.pressure.overflow.backlogged";
    public static final String CHAT_EVENTS_PUBLISHED = "chat.events.published";
    public static final String CHAT_EVENTS_DROPPED = "chat.events.dropped";
    /** AWS API calls made (retries are one call); dimensions {@link #SERVICE} and {@link #OPERATION}: what a turn costs in round trips. */
    public static final String AWS_CALLS = "aws.calls";

    // ---- overflow function decisions ----
    /** Undecodable messages or unknown schema versions; they reach the DLQ after maxReceiveCount. */
    public static final String OVERFLOW_POISON = "overflow.messages.poison";
    /** Messages left for redelivery: too little invocation time left to finish a turn. */
    public static final String OVERFLOW_DEFERRED = "overflow.messages.deferred";
    /** Redeliveries of messages already answered or failed: skipped. */
    public static final String OVERFLOW_DUPLICATE = "overflow.messages.duplicate";
    /** Messages a live later attempt holds (a redelivery while the first runs, a resend): left to it. */
    public static final String OVERFLOW_IN_PROGRESS_ELSEWHERE = "overflow.messages.in.progress.elsewhere";
    /** Messages failed with the rest of their FIFO message group. */
    public static final String OVERFLOW_GROUP_FAILED = "overflow.messages.group.failed";

    // ---- gpu-endpoint, from metric filters on its log events; dimension DEPLOYMENT, taken from each
    // event's LogEvents.DEPLOYMENT_FIELD (a metric filter can only take dimension values from the event) ----
    public static final String OOM_ESCALATION = "OOMEscalation";
    public static final String OOM_TRIPS = "OOMTrips";
    public static final String WARMUP_FAILURES = "WarmupFailures";
    /** From each instance's {@code engine_signals} events (ADR 0036): the KV-cache share in use, 0..1 (read as Maximum). */
    public static final String ENGINE_KV_CACHE_USAGE = "EngineKvCacheUsage";
    /** Requests waiting in the engine's queue (read as Maximum). */
    public static final String ENGINE_REQUESTS_WAITING = "EngineRequestsWaiting";
    /** Sequences in the engine's running batch (read as Maximum). */
    public static final String ENGINE_REQUESTS_RUNNING = "EngineRequestsRunning";
    /** Sequences preempted (read as Sum). */
    public static final String ENGINE_PREEMPTIONS = "EnginePreemptions";
    /** Prompt tokens an instance's prefix cache held over those it looked up, per signals interval (ADR 0040). */
    public static final String ENGINE_PREFIX_CACHE_HIT_RATE = "EnginePrefixCacheHitRate";
    /** One instance's time to first token, p99 per signals interval, milliseconds: the instance that is slow, not the fleet's mean. */
    public static final String ENGINE_TTFT_P99 = "EngineTtftP99";

    private MetricNames() {
    }
}
