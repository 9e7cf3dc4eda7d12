package com.mangaassist.orchestrator.metrics;

import com.mangaassist.shared.grounding.RetrievalOutcome;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import java.time.Duration;
import com.mangaassist.pipeline.conversation.CacheEvent;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.model.ModelSelection;
import com.mangaassist.shared.routing.RoutingReason;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.FeedbackFigures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every decision the orchestrator makes, as a meter: route taken (and why), spills that failed,
 * cache tier outcomes, turn outcomes, time to first token, rejected frames, answers rated. Every name and
 * dimension is shared's {@link MetricNames}, which the CDK app's alarms and dashboard read.
 */
public final class OrchestratorMetrics {

    private final MeterRegistry registry;
    private final Map<CacheEvent, Counter> cache = new EnumMap<>(CacheEvent.class);
    private final Timer ttft;
    private final Counter completed;
    private final Counter gone;
    private final Counter superseded;
    private final Counter abandoned;
    private final Counter resent;
    private final Counter reattached;
    private final Counter connectionsRefused;
    private final Counter principalLimitsLocal;
    private final Counter recovered;
    private final Counter recoveryExhausted;
    private final Counter originRefused;
    private final Counter originPrevious;

    private final SampleReservoir ttftSamples;
    private final SampleReservoir retrievalSamples;
    private final Map<RetrievalOutcome, Counter> retrievalTurns = new EnumMap<>(RetrievalOutcome.class);
    private final Timer retrievalLatency;
    private final Map<String, Counter> awsCalls = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * What an accepted turn can end with: registered up front, so every step publishes them (zero
     * included) and the failure alarms and dashboard read data, not silence, while the task runs.
     */
    static final List<ErrorCode> TURN_FAILURE_CODES = List.of(ErrorCode.EXPIRED, ErrorCode.CAPACITY_LIMIT, ErrorCode.MODEL_UNAVAILABLE,
            ErrorCode.BUSY, ErrorCode.INTERNAL);

    /** With reservoirs of its own (tests that do not read the published distributions). */
    public OrchestratorMetrics(MeterRegistry registry, SampleReservoir ttftSamples) {
        this(registry, new LatencySamples(ttftSamples, new SampleReservoir(1)));
    }

    /** @param samples receive every answered turn's time to first token and every turn's retrieval time (the published distributions) */
    public OrchestratorMetrics(MeterRegistry registry, LatencySamples samples) {
        this.registry = registry;
        this.ttftSamples = samples.ttft();
        this.retrievalSamples = samples.retrieval();
        for (CacheEvent event : CacheEvent.values()) {
            cache.put(event, Counter.builder(MetricNames.HISTORY_CACHE).tag(MetricNames.OUTCOME, event.name()).register(registry));
        }
        // Every outcome up front: the ungrounded-turns alarm reads zeros while the engine is healthy, not missing data.
        for (RetrievalOutcome outcome : RetrievalOutcome.values()) {
            retrievalTurns.put(outcome, Counter.builder(MetricNames.RETRIEVAL_TURNS).tag(MetricNames.OUTCOME, outcome.wireName()).register(registry));
        }
        this.retrievalLatency = Timer.builder(MetricNames.RETRIEVAL_LATENCY).publishPercentiles(0.5, 0.99).register(registry);
        this.ttft = Timer.builder(MetricNames.TURN_TTFT).publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.completed = Counter.builder(MetricNames.TURNS_COMPLETED).register(registry);
        this.gone = Counter.builder(MetricNames.TURNS_CONNECTION_GONE).register(registry);
        this.superseded = Counter.builder(MetricNames.ATTEMPTS_SUPERSEDED).register(registry);
        this.abandoned = Counter.builder(MetricNames.ATTEMPTS_ABANDONED).register(registry);
        this.resent = Counter.builder(MetricNames.MESSAGES_RESENT).register(registry);
        this.reattached = Counter.builder(MetricNames.MESSAGES_REATTACHED).register(registry);
        this.connectionsRefused = Counter.builder(MetricNames.CONNECTIONS_REFUSED).register(registry);
        this.principalLimitsLocal = Counter.builder(MetricNames.PRINCIPAL_LIMITS_LOCAL).register(registry);
        this.recovered = Counter.builder(MetricNames.TURNS_RECOVERED).register(registry);
        this.recoveryExhausted = Counter.builder(MetricNames.TURNS_RECOVERY_EXHAUSTED).register(registry);
        // Registered up front: zero while nothing is forged, so a reading above it is a signal, not a first data point.
        this.originRefused = Counter.builder(MetricNames.GATEWAY_ORIGIN_REFUSED).register(registry);
        this.originPrevious = Counter.builder(MetricNames.GATEWAY_ORIGIN_PREVIOUS).register(registry);
        TURN_FAILURE_CODES.forEach(code -> registry.counter(MetricNames.TURNS_FAILED, MetricNames.CODE, code.wireName()));
        // Every rating of every path's every tier up front: the dashboard's feedback widget reads zeros on a quiet day, not gaps.
        for (Rating rating : Rating.values()) {
            for (Route route : List.of(Route.BASELINE, Route.OVERFLOW)) {
                for (ModelTier tier : ModelTier.values()) {
                    rated(rating, route, tier.wireName());
                }
            }
        }
    }

    /** A rating that changed what an answer holds (a first one, or a change of mind), under the path and tier that answered. */
    public void rated(ChatEvent event) {
        FeedbackFigures feedback = event.feedback();
        rated(feedback.rating(), event.route(), feedback.tier() == null ? MetricNames.TIER_UNKNOWN : feedback.tier().wireName()).increment();
    }

    private Counter rated(Rating rating, Route route, String tier) {
        return registry.counter(MetricNames.ANSWERS_RATED, MetricNames.RATING, rating.wireName(), MetricNames.ROUTE, route.wireName(),
                MetricNames.TIER, tier);
    }

    /** One turn's retrieval: its outcome (grounded or why not) and how long it took. */
    public void retrieval(RetrievalFigures figures) {
        retrievalTurns.get(figures.outcome()).increment();
        retrievalLatency.record(Duration.ofMillis(figures.millis()));
        retrievalSamples.record(figures.millis());
    }

    /** One attempt's model tier and why it got it (a score, a degrade hint, or no large tier deployed). */
    public void modelTier(ModelSelection selection) {
        registry.counter(MetricNames.MODEL_TIER_TURNS, MetricNames.TIER, selection.tier().name().toLowerCase(Locale.ROOT), MetricNames.REASON,
                selection.reason().wireName()).increment();
    }

    /** One turn's stateful-session outcome. */
    public void gpuSession(com.mangaassist.pipeline.affinity.SessionOutcome outcome) {
        registry.counter(MetricNames.GPU_SESSIONS, MetricNames.OUTCOME, outcome.wireName()).increment();
    }

    public void routed(Route route, RoutingReason reason) {
        registry.counter(MetricNames.TURNS_ROUTED, MetricNames.ROUTE, route.wireName(), MetricNames.REASON, reason.name().toLowerCase(Locale.ROOT)).increment();
    }

    public void cache(CacheEvent event) {
        cache.get(event).increment();
    }

    public void finished(TurnOutcome outcome) {
        if (outcome instanceof TurnOutcome.Completed done) {
            completed.increment();
            ttft.record(done.ttft());
            ttftSamples.record(done.ttft().toNanos() / 1e6);
            if (!done.delivered()) {
                gone.increment();
            }
        } else if (outcome instanceof TurnOutcome.Failed failed) {
            failed(failed.code());
        } else if (outcome instanceof TurnOutcome.Superseded) {
            superseded.increment();
        } else {
            abandoned.increment();
        }
    }

    public void resent() {
        resent.increment();
    }

    public void reattached() {
        reattached.increment();
    }

    public void connectionRefused() {
        connectionsRefused.increment();
    }

    public void principalLimitsLocal() {
        principalLimitsLocal.increment();
    }

    public void recovered() {
        recovered.increment();
    }

    public void recoveryExhausted() {
        recoveryExhausted.increment();
    }

    public void failed(ErrorCode code) {
        registry.counter(MetricNames.TURNS_FAILED, MetricNames.CODE, code.wireName()).increment();
    }

    /** A frame refused before it became a turn (codec error, rate limit, no principal). */
    public void rejected(ErrorCode code) {
        registry.counter(MetricNames.FRAMES_REJECTED, MetricNames.CODE, code.wireName()).increment();
    }

    /** An integration call refused for its origin proof: it did not come through this platform's API stage (ADR 0027). */
    public void originRefused() {
        originRefused.increment();
    }

    /** An integration call accepted on the origin proof a rotation replaced. */
    public void originPrevious() {
        originPrevious.increment();
    }

    /** A spill the queue refused; the turn ran here or was shed instead. */
    public void spillFailed() {
        registry.counter(MetricNames.OVERFLOW_SPILL_FAILED).increment();
    }

    /** Queued turns sent to the overflow queue when the task drained. */
    public void drainedToOverflow(int turns) {
        registry.counter(MetricNames.DRAIN_SPILLED).increment(turns);
    }

    /** One AWS API call (retries included in it): counted by service and operation, its counter looked up once. */
    public void awsCall(String service, String operation, int attempts) {
        awsCalls.computeIfAbsent(service + '/' + operation, key -> Counter.builder(MetricNames.AWS_CALLS)
                .tag(MetricNames.SERVICE, service).tag(MetricNames.OPERATION, operation).register(registry)).increment();
    }

    public void gauge(String name, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).register(registry);
    }
}
