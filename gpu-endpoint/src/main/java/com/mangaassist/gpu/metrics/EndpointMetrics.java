package com.mangaassist.gpu.metrics;

import com.mangaassist.shared.breaker.BreakerListener;
import com.mangaassist.shared.breaker.OomCircuitBreaker;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.lifecycle.EndpointLifecycle;
import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.routing.BreakerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every decision and state of the endpoint as a meter. Names are dotted (CloudWatch/EMF style);
 * the Prometheus registry renders them with underscores at {@code /metrics}.
 */
public final class EndpointMetrics implements BreakerListener {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointMetrics.class);

    private final MeterRegistry registry;
    private final Counter tokens;
    private final Counter oom;
    private final Counter escalations;
    private final Counter breakerTrips;
    private final Timer ttft;
    private final Timer latency;
    private final DistributionSummary turnsDropped;
    private final AtomicLong warmupMillis = new AtomicLong();

    public EndpointMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.tokens = Counter.builder("gpu.endpoint.tokens.generated").description("output tokens generated").register(registry);
        this.oom = Counter.builder("gpu.endpoint.oom").description("GPU out-of-memory failures caught").register(registry);
        this.escalations = Counter.builder("gpu.endpoint.OOMEscalation")
                .description("breaker tripped repeatedly within its window: scale out").register(registry);
        this.breakerTrips = Counter.builder("gpu.endpoint.breaker.trips").register(registry);
        this.ttft = Timer.builder("gpu.endpoint.ttft").description("time to first token").publishPercentiles(0.5, 0.99).register(registry);
        this.latency = Timer.builder("gpu.endpoint.inference.latency").publishPercentiles(0.5, 0.99).register(registry);
        this.turnsDropped = DistributionSummary.builder("gpu.endpoint.budget.turns.dropped").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Gauges that read live state; bound once the beans they read exist. */
    public void bind(EndpointLifecycle lifecycle, InferenceEngine engine, OomCircuitBreaker breaker) {
        gauge("gpu.endpoint.lifecycle.state", () -> lifecycle.state().ordinal());
        gauge("gpu.endpoint.ready", () -> lifecycle.trafficReady() ? 1 : 0);
        gauge("gpu.endpoint.warmup.shapes.completed", lifecycle::warmupCompleted);
        gauge("gpu.endpoint.warmup.shapes.total", lifecycle::warmupTotal);
        gauge("gpu.endpoint.warmup.duration.seconds", () -> warmupMillis.get() / 1000.0);
        gauge("gpu.endpoint.requests.running", () -> engine.stats().running());
        gauge("gpu.endpoint.requests.waiting", () -> engine.stats().waiting());
        gauge("gpu.endpoint.saturation", () -> engine.stats().saturation());
        gauge("gpu.endpoint.kv.cache.usage", () -> engine.stats().kvCacheUsage());
        gauge("gpu.endpoint.preemptions", () -> engine.stats().preemptions());
        // Prompt tokens looked up in the prefix cache and found there (cumulative): the bench's hit rate and prefill figures.
        gauge("gpu.endpoint.prefix.cache.queried.tokens", () -> engine.prefixCache().queriedTokens());
        gauge("gpu.endpoint.prefix.cache.hit.tokens", () -> engine.prefixCache().hitTokens());
        gauge("gpu.endpoint.breaker.state", () -> breakerLevel(breaker.state()));
    }

    private void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, value).register(registry);
    }

    /** 0 closed, 1 half-open, 2 open: higher is worse, so one alarm threshold fits. */
    static int breakerLevel(BreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    public void warmupFinished(Duration took) {
        warmupMillis.set(took.toMillis());
    }

    /** Total output tokens so far: the health probe's evidence that a busy engine is alive. */
    public long tokensGenerated() {
        return (long) tokens.count();
    }

    public void tokens(int count) {
        tokens.increment(count);
    }

    public void outOfMemory() {
        oom.increment();
    }

    public void firstToken(Duration sinceStart) {
        ttft.record(sinceStart);
        synchronized (recentFirstTokens) {
            if (recentFirstTokens.size() < MAX_RECENT_FIRST_TOKENS) {
                recentFirstTokens.add(sinceStart.toMillis());
            }
        }
    }

    /** At most this many first tokens are kept between two signals events (a 15 s interval at any realistic rate). */
    static final int MAX_RECENT_FIRST_TOKENS = 20_000;
    private final java.util.List<Long> recentFirstTokens = new java.util.ArrayList<>();

    /** Times to first token (ms) since the previous call, for this instance's engine signals; emptied by the call. */
    public long[] drainFirstTokenMillis() {
        synchronized (recentFirstTokens) {
            long[] drained = recentFirstTokens.stream().mapToLong(Long::longValue).toArray();
            recentFirstTokens.clear();
            return drained;
        }
    }

    public void completed(Duration took, String outcome, int dropped) {
        latency.record(took);
        registry.counter("gpu.endpoint.inference.requests", "outcome", outcome).increment();
        turnsDropped.record(dropped);
    }

    /** A request refused before inference because the endpoint is not traffic-ready (a router sent it to a cold instance). */
    public void rejectedNotReady() {
        registry.counter("gpu.endpoint.inference.requests", "outcome", "not_ready").increment();
    }

    public void event(String name) {
        registry.counter("gpu.endpoint.events", "event", name).increment();
    }

    @Override
    public void onTransition(BreakerState from, BreakerState to) {
        if (to == BreakerState.OPEN) {
            breakerTrips.increment();
        }
        LOG.warn("event={} to={} from={}", LogEvents.BREAKER_TRANSITION, to, from);
    }

    @Override
    public void onEscalation(int trips) {
        escalations.increment();
        LOG.error("event={} trips={} action=scale_out", LogEvents.OOM_ESCALATION, trips);
    }
}
