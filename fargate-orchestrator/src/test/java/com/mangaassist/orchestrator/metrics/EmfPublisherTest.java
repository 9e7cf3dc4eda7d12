package com.mangaassist.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.routing.RoutingReason;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one step of the orchestrator's metrics looks like to CloudWatch: the documents' names, dimension sets, units and values. */
class EmfPublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LatencySamples samples = LatencySamples.keeping(1000);
    private final OrchestratorMetrics metrics = new OrchestratorMetrics(registry, samples);
    private final List<String> lines = new ArrayList<>();
    private final EmfPublisher publisher = new EmfPublisher(registry, samples, "MangaAssist-dev", lines::add, () -> 1_796_000_000_000L);

    private List<JsonNode> documents(String metric) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : lines) {
            JsonNode document = JSON.readTree(line);
            if (document.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Name").asText().equals(metric)) {
                found.add(document);
            }
        }
        return found;
    }

    @Test
    void publish_aTaggedCounter_declaresItsFullSetEachTagAloneAndTheDeployment() throws Exception {
        metrics.routed(Route.OVERFLOW, RoutingReason.TASK_AT_CAPACITY);
        metrics.routed(Route.OVERFLOW, RoutingReason.TASK_AT_CAPACITY);

        publisher.publish();

        JsonNode document = documents(MetricNames.TURNS_ROUTED).get(0);
        JsonNode directive = document.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo(MetricNames.ORCHESTRATOR_NAMESPACE);
        assertThat(directive.get("Dimensions").toString())
                .isEqualTo("[[\"deployment\",\"reason\",\"route\"],[\"deployment\",\"reason\"],[\"deployment\",\"route\"],[\"deployment\"]]");
        assertThat(directive.get("Metrics").get(0).get("Unit").asText()).isEqualTo("Count");
        assertThat(document.get("deployment").asText()).isEqualTo("MangaAssist-dev");
        assertThat(document.get("route").asText()).isEqualTo("overflow");
        assertThat(document.get("reason").asText()).isEqualTo("task_at_capacity");
        assertThat(document.get(MetricNames.TURNS_ROUTED).asDouble()).isEqualTo(2);
        assertThat(document.get("_aws").get("Timestamp").asLong()).isEqualTo(1_796_000_000_000L);
    }

    @Test
    void publish_counters_countOnlyTheStepAndZeroWhenNothingHappened() throws Exception {
        metrics.failed(ErrorCode.BUSY);
        publisher.publish();
        lines.clear();

        publisher.publish();

        // One document per failure code a turn can end with, registered up front: all zero in a quiet step.
        assertThat(documents(MetricNames.TURNS_FAILED)).hasSize(OrchestratorMetrics.TURN_FAILURE_CODES.size())
                .allSatisfy(document -> assertThat(document.get(MetricNames.TURNS_FAILED).asDouble()).isZero())
                .anySatisfy(document -> assertThat(document.get(MetricNames.CODE).asText()).isEqualTo(ErrorCode.BUSY.wireName()));
    }

    @Test
    void publish_timeToFirstToken_isTheStepsValuesAsADistributionInDocumentsOfAHundred() throws Exception {
        for (int i = 1; i <= 250; i++) {
            metrics.finished(new TurnOutcome.Completed(2, "mangaassist-small", new Usage(10, 5), 0, Duration.ofMillis(i), true));
        }

        publisher.publish();

        List<JsonNode> ttft = documents(MetricNames.TURN_TTFT);
        assertThat(ttft).hasSize(3);
        assertThat(ttft).extracting(d -> d.get(MetricNames.TURN_TTFT).size()).containsExactly(100, 100, 50);
        assertThat(ttft.get(0).get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString()).isEqualTo("[[\"deployment\"]]");
        assertThat(ttft.get(0).get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Unit").asText()).isEqualTo("Milliseconds");
        lines.clear();
        publisher.publish();
        assertThat(documents(MetricNames.TURN_TTFT)).isEmpty();
    }

    @Test
    void publish_retrievalLatency_isTheStepsValuesAsADistributionUnderTheDeploymentOnly() throws Exception {
        metrics.retrieval(new RetrievalFigures(3, 21, RetrievalOutcome.GROUNDED));
        metrics.retrieval(new RetrievalFigures(0, 250, RetrievalOutcome.TIMED_OUT));

        publisher.publish();

        assertThat(documents(MetricNames.RETRIEVAL_LATENCY)).singleElement().satisfies(d -> {
            assertThat(d.get(MetricNames.RETRIEVAL_LATENCY).toString()).isEqualTo("[21.0,250.0]");
            assertThat(d.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString()).isEqualTo("[[\"deployment\"]]");
        });
        assertThat(documents(MetricNames.RETRIEVAL_TURNS)).filteredOn(d -> d.get(MetricNames.OUTCOME).asText().equals("timed-out"))
                .singleElement().satisfies(d -> assertThat(d.get(MetricNames.RETRIEVAL_TURNS).asDouble()).isEqualTo(1.0));
    }

    @Test
    void publish_aGauge_isItsValueAtTheFlush() throws Exception {
        metrics.gauge(MetricNames.TURN_CAPACITY_USED, () -> 37.5);

        publisher.publish();

        assertThat(documents(MetricNames.TURN_CAPACITY_USED)).singleElement().satisfies(document -> {
            assertThat(document.get(MetricNames.TURN_CAPACITY_USED).asDouble()).isEqualTo(37.5);
            assertThat(document.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Unit").asText()).isEqualTo("Percent");
        });
    }
}
