package com.mangaassist.overflow.metrics;

import com.mangaassist.pipeline.conversation.CacheEvent;
import com.mangaassist.pipeline.turn.TurnOutcome;
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

    public static final String NAMESPACE = "MangaAssist/Overflow";

    private final Metrics metrics;

    public EmfOverflowMetrics() {
        this.metrics = MetricsBuilder.builder().withNamespace(NAMESPACE).withService("lambda-overflow").withRaiseOnEmptyMetrics(false).build();
    }

    private synchronized void count(String name) {
        metrics.addMetric(name, 1, MetricUnit.COUNT);
    }

    @Override
    public void poison() {
        count("MessagesPoison");
    }

    @Override
    public void deferred() {
        count("MessagesDeferred");
    }

    @Override
    public void duplicate() {
        count("MessagesDuplicate");
    }

    @Override
    public void inProgressElsewhere() {
        count("MessagesInProgressElsewhere");
    }

    @Override
    public void groupFailed() {
        count("MessagesGroupFailed");
    }

    @Override
    public synchronized void finished(TurnOutcome outcome) {
        if (outcome instanceof TurnOutcome.Completed done) {
            metrics.addMetric("TurnsCompleted", 1, MetricUnit.COUNT);
            metrics.addMetric("TurnTtft", done.ttft().toMillis(), MetricUnit.MILLISECONDS);
        } else if (outcome instanceof TurnOutcome.Failed failed) {
            // One EMF document per code keeps the dimension, rather than mixing codes in one document.
            metrics.flushSingleMetric("TurnsFailed", 1, MetricUnit.COUNT, NAMESPACE, DimensionSet.of("code", failed.code().wireName()));
        } else {
            metrics.addMetric("TurnsConnectionGone", 1, MetricUnit.COUNT);
        }
    }

    @Override
    public void cache(CacheEvent event) {
        count("History" + event.name());
    }

    @Override
    public synchronized void flush() {
        metrics.flush();
    }
}
