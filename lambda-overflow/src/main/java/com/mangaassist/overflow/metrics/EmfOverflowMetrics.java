package com.mangaassist.overflow.metrics;

import com.mangaassist.shared.grounding.RetrievalOutcome;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import com.mangaassist.pipeline.conversation.CacheEvent;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.model.ModelSelection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Overflow metrics as CloudWatch embedded metric format through Powertools' functional API (its
 * annotations need AspectJ, and {@code handleRequest} is final). Recorded during an invocation,
 * written to stdout once per invocation by {@link #flush()}.
 */
public final class EmfOverflowMetrics implements OverflowMetrics {

    public static final String NAMESPACE = MetricNames.OVERFLOW_NAMESPACE;

    private final Metrics metrics;
    private final Map<CacheEvent, AtomicInteger> cacheEvents = new EnumMap<>(CacheEvent.class);
    private final Map<RetrievalOutcome, AtomicInteger> retrievalTurns = new EnumMap<>(RetrievalOutcome.class);

    /** Per tier and reason ({@code small/complexity}, …), as the orchestrator's model.tier.turns{tier,reason}. */
    private final Map<String, AtomicInteger> modelTiers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per session outcome, as the orchestrator's gpu.sessions{outcome}. */
    private final Map<String, AtomicInteger> sessionOutcomes = new java.util.concurrent.ConcurrentHashMap<>();

    private final String deployment;
    /** Turns that ended in this invocation, so each flush publishes both outcome counts (zero included). */
    private int completedThisInvocation;
    private int failedThisInvocation;

    /** @param deployment every metric's {@code deployment} dimension (the stack's name in AWS) */
    public EmfOverflowMetrics(String deployment) {
        this.deployment = deployment;
        for (CacheEvent event : CacheEvent.values()) {
            cacheEvents.put(event, new AtomicInteger());
        }
        for (RetrievalOutcome outcome : RetrievalOutcome.values()) {
            retrievalTurns.put(outcome, new AtomicInteger());
        }
        this.metrics = MetricsBuilder.builder().withNamespace(NAMESPACE).withRaiseOnEmptyMetrics(false)
                .withDefaultDimensions(DimensionSet.of(MetricNames.DEPLOYMENT, deployment)).build();
    }

    private synchronized void count(String name) {
        metrics.addMetric(name, 1, MetricUnit.COUNT);
    }

    @Override
    public void poison() {
        count(MetricNames.OVERFLOW_POISON);
    }

    @Override
    public void deferred() {
        count(MetricNames.OVERFLOW_DEFERRED);
    }

    @Override
    public void duplicate() {
        count(MetricNames.OVERFLOW_DUPLICATE);
    }

    @Override
    public void inProgressElsewhere() {
        count(MetricNames.OVERFLOW_IN_PROGRESS_ELSEWHERE);
    }

    @Override
    public void groupFailed() {
        count(MetricNames.OVERFLOW_GROUP_FAILED);
    }

    @Override
    public synchronized void finished(TurnOutcome outcome) {
        if (outcome instanceof TurnOutcome.Completed done) {
            completedThisInvocation++;
            metrics.addMetric(MetricNames.TURNS_COMPLETED, 1, MetricUnit.COUNT);
            metrics.addMetric(MetricNames.TURN_TTFT, done.ttft().toMillis(), MetricUnit.MILLISECONDS);
        } else if (outcome instanceof TurnOutcome.Failed failed) {
            // The deployment-wide count rides in the invocation's document; one more document per code keeps that dimension
            // (a single-metric flush carries only the dimensions it is given).
            failedThisInvocation++;
            metrics.addMetric(MetricNames.TURNS_FAILED, 1, MetricUnit.COUNT);
            metrics.flushSingleMetric(MetricNames.TURNS_FAILED, 1, MetricUnit.COUNT, NAMESPACE,
                    DimensionSet.of(MetricNames.DEPLOYMENT, deployment, MetricNames.CODE, failed.code().wireName()));
        } else {
            metrics.addMetric(MetricNames.TURNS_CONNECTION_GONE, 1, MetricUnit.COUNT);
        }
    }

    @Override
    public void cache(CacheEvent event) {
        cacheEvents.get(event).incrementAndGet();
    }

    @Override
    public void retrieval(RetrievalFigures figures) {
        retrievalTurns.get(figures.outcome()).incrementAndGet();
        synchronized (this) {
            metrics.addMetric(MetricNames.RETRIEVAL_LATENCY, figures.millis(), MetricUnit.MILLISECONDS);
        }
    }

    @Override
    public void gpuSession(com.mangaassist.pipeline.affinity.SessionOutcome outcome) {
        sessionOutcomes.computeIfAbsent(outcome.wireName(), key -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void modelTier(ModelSelection selection) {
        modelTiers.computeIfAbsent(selection.tier().name().toLowerCase(java.util.Locale.ROOT) + "/" + selection.reason().wireName(),
                key -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public synchronized void flush() {
        sessionOutcomes.forEach((outcome, count) -> {
            int n = count.getAndSet(0);
            if (n > 0) {
                metrics.flushSingleMetric(MetricNames.GPU_SESSIONS, n, MetricUnit.COUNT, NAMESPACE,
                        DimensionSet.of(MetricNames.DEPLOYMENT, deployment, MetricNames.OUTCOME, outcome));
            }
        });
        modelTiers.forEach((key, count) -> {
            int n = count.getAndSet(0);
            if (n > 0) {
                int slash = key.indexOf('/');
                metrics.flushSingleMetric(MetricNames.MODEL_TIER_TURNS, n, MetricUnit.COUNT, NAMESPACE, DimensionSet.of(MetricNames.DEPLOYMENT,
                        deployment, MetricNames.TIER, key.substring(0, slash), MetricNames.REASON, key.substring(slash + 1)));
            }
        });
        // Per outcome, as the orchestrator's retrieval.turns{outcome}; zeros too, so the ungrounded alarm reads data, not silence.
        retrievalTurns.forEach((outcome, count) -> metrics.flushSingleMetric(MetricNames.RETRIEVAL_TURNS, count.getAndSet(0), MetricUnit.COUNT,
                NAMESPACE, DimensionSet.of(MetricNames.DEPLOYMENT, deployment, MetricNames.OUTCOME, outcome.wireName())));
        // One EMF document per tier outcome keeps the dimension, as the orchestrator's history.cache{outcome} has it.
        cacheEvents.forEach((event, count) -> {
            int n = count.getAndSet(0);
            if (n > 0) {
                metrics.flushSingleMetric(MetricNames.HISTORY_CACHE, n, MetricUnit.COUNT, NAMESPACE,
                        DimensionSet.of(MetricNames.DEPLOYMENT, deployment, MetricNames.OUTCOME, event.name()));
            }
        });
        // Zeros too: the dashboard and the failure alarm read both counts of every invocation, not only of eventful ones.
        if (completedThisInvocation == 0) {
            metrics.addMetric(MetricNames.TURNS_COMPLETED, 0, MetricUnit.COUNT);
        }
        if (failedThisInvocation == 0) {
            metrics.addMetric(MetricNames.TURNS_FAILED, 0, MetricUnit.COUNT);
        }
        completedThisInvocation = 0;
        failedThisInvocation = 0;
        metrics.flush();
    }
}
