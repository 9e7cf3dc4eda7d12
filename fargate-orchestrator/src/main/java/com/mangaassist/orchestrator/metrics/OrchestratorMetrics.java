package com.mangaassist.orchestrator.metrics;

import com.mangaassist.pipeline.conversation.CacheEvent;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.routing.RoutingReason;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.wire.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every decision the orchestrator makes, as a meter: route taken (and why), spills that failed,
 * cache tier outcomes, turn outcomes, time to first token, rejected frames. Names match
 * {@code infra-cdk}'s MetricNames, which the alarms and dashboard read.
 */
public final class OrchestratorMetrics {

    public static final String TURNS_ROUTED = "turns.routed";
    public static final String TTFT = "turn.ttft";
    public static final String TURNS_FAILED = "turns.failed";

    private final MeterRegistry registry;
    private final Map<CacheEvent, Counter> cache = new EnumMap<>(CacheEvent.class);
    private final Timer ttft;
    private final Counter completed;
    private final Counter gone;

    public OrchestratorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (CacheEvent event : CacheEvent.values()) {
            cache.put(event, Counter.builder("history.cache").tag("outcome", event.name()).register(registry));
        }
        this.ttft = Timer.builder(TTFT).publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.completed = Counter.builder("turns.completed").register(registry);
        this.gone = Counter.builder("turns.connection.gone").register(registry);
    }

    public void routed(Route route, RoutingReason reason) {
        registry.counter(TURNS_ROUTED, "route", route.wireName(), "reason", reason.name().toLowerCase(Locale.ROOT)).increment();
    }

    public void cache(CacheEvent event) {
        cache.get(event).increment();
    }

    public void finished(TurnOutcome outcome) {
        if (outcome instanceof TurnOutcome.Completed done) {
            completed.increment();
            ttft.record(done.ttft());
        } else if (outcome instanceof TurnOutcome.Failed failed) {
            failed(failed.code());
        } else {
            gone.increment();
        }
    }

    public void failed(ErrorCode code) {
        registry.counter(TURNS_FAILED, "code", code.wireName()).increment();
    }

    /** A frame refused before it became a turn (codec error, rate limit, no principal). */
    public void rejected(ErrorCode code) {
        registry.counter("frames.rejected", "code", code.wireName()).increment();
    }

    /** A spill the queue refused; the turn ran here or was shed instead. */
    public void spillFailed() {
        registry.counter("overflow.spill.failed").increment();
    }

    /** Queued turns sent to the overflow queue when the task drained. */
    public void drainedToOverflow(int turns) {
        registry.counter("drain.spilled").increment(turns);
    }

    public void gauge(String name, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).register(registry);
    }
}
