package com.mangaassist.infra.observability;

import com.mangaassist.shared.grounding.RetrievalOutcome;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;

/**
 * Retrieval in the turn (issue 26) as one compute path publishes it: turns per retrieval outcome
 * and retrieval time. Both paths retrieve the same way, each under its own namespace, so each
 * gets the same two alarms ({@link Observability}): turns answered without context because the
 * engine timed out or failed, and retrieval time p99 at the turn's deadline.
 */
final class RetrievalSignals {

    /**
     * The engine alarm fires when at least this percent of a window's retrieval turns timed out or
     * failed. A healthy engine times out on well under 1 % of turns (the latency alarm pages at 1 %,
     * its p99 at the deadline) and fails on none; an engine that is down fails every turn, 100 %.
     * One turn in five answered without the catalog and the policies is an engine problem users
     * notice, not a tail, and far enough from 0 that a few unlucky turns do not page.
     */
    static final int ENGINE_FAILURE_PERCENT = 20;
    /**
     * Below this many retrieval turns in the window the share reads 0: in a quiet dev hour, 2 failed
     * turns of 5 are noise. A domain that is down while nobody chats is the domain alarms' to page
     * (cluster status), not this one's.
     */
    static final int ENGINE_FAILURE_MIN_TURNS = 20;
    /** The engine alarm's window: one period of five minutes, so turns spread thinly over it still add up. */
    static final int ENGINE_FAILURE_WINDOW_MINUTES = 5;
    /** The latency alarm: p99 at the deadline in this many of {@link #LATENCY_PERIODS} one-minute periods. */
    static final int LATENCY_DATAPOINTS = 3;
    static final int LATENCY_PERIODS = 5;

    private final TurnMetrics metrics;
    private final String path;

    /** @param path what the dashboard calls this compute path ({@code orchestrator}, {@code overflow}) */
    RetrievalSignals(TurnMetrics metrics, String path) {
        this.metrics = metrics;
        this.path = path;
    }

    /**
     * Percent of the window's retrieval turns that timed out or failed, 0 while fewer than
     * {@link #ENGINE_FAILURE_MIN_TURNS} retrieved. An outcome no turn came to in the window publishes
     * nothing, hence FILL; the total counts every outcome there is, so a new one is never left out.
     */
    MathExpression engineFailurePercent() {
        Map<String, IMetric> byOutcome = new LinkedHashMap<>();
        for (RetrievalOutcome outcome : RetrievalOutcome.values()) {
            byOutcome.put(id(outcome), metrics.retrievalTurns(outcome));
        }
        String all = sum(Arrays.asList(RetrievalOutcome.values()));
        String engine = sum(List.of(RetrievalOutcome.TIMED_OUT, RetrievalOutcome.FAILED));
        return MathExpression.Builder.create()
                .label(path + " retrieval timed out or failed (%)")
                .expression("IF((" + all + ") >= " + ENGINE_FAILURE_MIN_TURNS + ", 100 * (" + engine + ") / (" + all + "), 0)")
                .usingMetrics(byOutcome)
                .period(Duration.minutes(ENGINE_FAILURE_WINDOW_MINUTES))
                .build();
    }

    Metric latencyP99() {
        return metrics.retrievalLatency("p99");
    }

    /** Turns per outcome, stacked: the stack's height is the path's retrieval turns, its colours what became of them. */
    GraphWidget outcomesWidget() {
        List<IMetric> outcomes = Arrays.stream(RetrievalOutcome.values())
                .map(outcome -> (IMetric) labelled(metrics.retrievalTurns(outcome), outcome.wireName())).toList();
        return GraphWidget.Builder.create().title("Retrieval outcomes, " + path + " (turns)").left(outcomes).stacked(true).width(8).build();
    }

    /** p50 and p99 of both paths against the deadline they run on. */
    static GraphWidget latencyWidget(RetrievalSignals orchestrator, RetrievalSignals overflow, long deadlineMillis) {
        List<IMetric> lines = List.of(
                labelled(orchestrator.metrics.retrievalLatency("p50"), orchestrator.path + " p50"),
                labelled(orchestrator.latencyP99(), orchestrator.path + " p99"),
                labelled(overflow.metrics.retrievalLatency("p50"), overflow.path + " p50"),
                labelled(overflow.latencyP99(), overflow.path + " p99"));
        return GraphWidget.Builder.create().title("Retrieval latency (ms)").left(lines).width(8)
                .leftAnnotations(List.of(HorizontalAnnotation.builder().value(deadlineMillis).label("retrieval deadline").build()))
                .build();
    }

    /** The dashboard row: each path's outcomes, then both paths' latency. */
    static List<IWidget> dashboardRow(RetrievalSignals orchestrator, RetrievalSignals overflow, long deadlineMillis) {
        return List.of(orchestrator.outcomesWidget(), overflow.outcomesWidget(), latencyWidget(orchestrator, overflow, deadlineMillis));
    }

    /** A metric-math id for the outcome: its wire name with underscores (ids take letters, digits and {@code _}). */
    static String id(RetrievalOutcome outcome) {
        return outcome.wireName().replace('-', '_');
    }

    private static String sum(List<RetrievalOutcome> outcomes) {
        return outcomes.stream().map(outcome -> "FILL(" + id(outcome) + ", 0)").collect(Collectors.joining(" + "));
    }

    private static Metric labelled(Metric metric, String label) {
        return metric.with(MetricOptions.builder().label(label).build());
    }
}
