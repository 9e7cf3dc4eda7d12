package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.infra.observability.MetricRead;
import com.mangaassist.infra.observability.MetricReads;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** MetricReads lists what the synthesized template reads, in CloudWatch's identity of a metric. */
class MetricReadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The dev stack's name: every metric of the platform is read under it. */
    private static final String DEPLOYMENT = "MangaAssist-dev";
    private final List<MetricRead> reads = MetricReads.of(SynthesizedPlatform.of("dev").template().toJSON());

    @Test
    void of_whenTtftAlarmSynthesized_listsP99OfTurnTtftUnderDeployment() {
        assertThat(readsBy("ObservabilityTtftP99")).extracting(MetricRead::namespace, MetricRead::metricName, MetricRead::dimensions,
                MetricRead::statistic).containsExactly(tuple(MetricNames.ORCHESTRATOR_NAMESPACE, MetricNames.TURN_TTFT,
                Map.of(MetricNames.DEPLOYMENT, DEPLOYMENT), "p99"));
    }

    @Test
    void of_whenFailureAlarmSynthesized_listsSumOfTurnsFailedUnderDeployment() {
        assertThat(readsBy("ObservabilityTurnFailures")).extracting(MetricRead::identity, MetricRead::statistic)
                .containsExactly(tuple(MetricNames.ORCHESTRATOR_NAMESPACE + " turns.failed [deployment]", "Sum"));
    }

    @Test
    void of_whenCapacityPolicySynthesized_listsAverageCapacityUnderDeployment() {
        assertThat(readsBy("BaselineServiceTaskCountTargetTurnCapacity")).extracting(MetricRead::identity, MetricRead::statistic)
                .containsExactly(tuple(MetricNames.ORCHESTRATOR_NAMESPACE + " turn.capacity.used [deployment]", "Average"));
    }

    @Test
    void of_whenDashboardGraphsRoutes_listsTurnsRoutedUnderDeploymentAndRoute() {
        assertThat(readsBy("ObservabilityDashboard")).filteredOn(r -> r.metricName().equals(MetricNames.TURNS_ROUTED))
                .isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.dimensionNames()).isEqualTo(dims(MetricNames.DEPLOYMENT, MetricNames.ROUTE));
                    assertThat(r.statistic()).isEqualTo("Sum");
                });
    }

    @Test
    void of_whenDashboardGraphsAnswersRated_listsEveryRatingPathAndTierAsTheOrchestratorPublishesThem() {
        List<MetricRead> rated = readsBy("ObservabilityDashboard").stream().filter(r -> r.metricName().equals(MetricNames.ANSWERS_RATED)).toList();

        assertThat(rated).allSatisfy(r -> {
            assertThat(r.namespace()).isEqualTo(MetricNames.ORCHESTRATOR_NAMESPACE);
            assertThat(r.dimensionNames()).isEqualTo(dims(MetricNames.DEPLOYMENT, MetricNames.RATING, MetricNames.ROUTE, MetricNames.TIER));
            assertThat(r.statistic()).isEqualTo("Sum");
        });
        assertThat(rated).extracting(r -> r.dimensions().get(MetricNames.RATING) + " " + r.dimensions().get(MetricNames.ROUTE) + " "
                + r.dimensions().get(MetricNames.TIER)).containsExactlyInAnyOrder("up baseline small", "up baseline large", "up overflow small",
                "up overflow large", "down baseline small", "down baseline large", "down overflow small", "down overflow large");
    }

    @Test
    void of_whenDashboardBodyJoinsTokens_keepsDimensionNamesOfTokenValuedMetrics() {
        assertThat(readsBy("ObservabilityDashboard")).extracting(MetricRead::identity)
                .contains("ECS/ContainerInsights RunningTaskCount [ClusterName, ServiceName]",
                        "AWS/SQS ApproximateNumberOfMessagesVisible [QueueName]",
                        MetricNames.OVERFLOW_NAMESPACE + " turn.ttft [deployment]");
    }

    @Test
    void of_whenRetrievalSignalsSynthesized_listsTurnsPerOutcomeAndLatencyUnderDeploymentOnBothPaths() {
        for (String namespace : List.of(MetricNames.ORCHESTRATOR_NAMESPACE, MetricNames.OVERFLOW_NAMESPACE)) {
            List<MetricRead> turns = reads.stream()
                    .filter(r -> r.namespace().equals(namespace) && r.metricName().equals(MetricNames.RETRIEVAL_TURNS)).toList();
            List<MetricRead> latency = reads.stream()
                    .filter(r -> r.namespace().equals(namespace) && r.metricName().equals(MetricNames.RETRIEVAL_LATENCY)).toList();

            // Every outcome, by the engine alarm and by the stacked outcomes widget, counted.
            assertThat(turns).as(namespace).extracting(r -> r.dimensions().get(MetricNames.OUTCOME), MetricRead::statistic, MetricReadsTest::reader)
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(RetrievalOutcome.values()).flatMap(outcome -> List.of(
                            tuple(outcome.wireName(), "Sum", "alarm"), tuple(outcome.wireName(), "Sum", "dashboard")).stream()).toList());
            assertThat(turns).allSatisfy(r -> assertThat(r.dimensionNames()).isEqualTo(dims(MetricNames.DEPLOYMENT, MetricNames.OUTCOME)));
            assertThat(latency).as(namespace).extracting(MetricRead::identity, MetricRead::statistic, MetricReadsTest::reader)
                    .containsExactlyInAnyOrder(tuple(namespace + " retrieval.latency [deployment]", "p99", "alarm"),
                            tuple(namespace + " retrieval.latency [deployment]", "p50", "dashboard"),
                            tuple(namespace + " retrieval.latency [deployment]", "p99", "dashboard"));
        }
    }

    @Test
    void of_whenLogDerivedGpuAlarms_listsThemUnderThisStacksDeploymentOnly() {
        assertThat(reads).filteredOn(r -> r.namespace().equals(MetricNames.GPU_NAMESPACE))
                .extracting(MetricRead::metricName).contains(MetricNames.OOM_ESCALATION, MetricNames.OOM_TRIPS, MetricNames.WARMUP_FAILURES);
        assertThat(reads).filteredOn(r -> r.namespace().equals(MetricNames.GPU_NAMESPACE))
                .allSatisfy(r -> assertThat(r.dimensions()).as(r.readBy()).isEqualTo(Map.of(MetricNames.DEPLOYMENT, DEPLOYMENT, MetricNames.TIER, "small")));
    }

    @Test
    void of_everyPlatformMetricRead_isReadUnderThisStacksDeployment() {
        assertThat(reads).filteredOn(r -> r.namespace().startsWith("MangaAssist/"))
                .hasSizeGreaterThan(10)
                .allSatisfy(r -> assertThat(r.dimensions()).as("%s read by %s", r.identity(), r.readBy())
                        .containsEntry(MetricNames.DEPLOYMENT, DEPLOYMENT));
    }

    @Test
    void of_whenAlarmUsesMetricMath_listsEachMetricStatButNotTheExpression() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {"Ratio": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Metrics": [
                  {"Id": "e", "Expression": "100 * f / c", "ReturnData": true},
                  {"Id": "f", "MetricStat": {"Metric": {"Namespace": "N", "MetricName": "turns.failed",
                     "Dimensions": [{"Name": "deployment", "Value": "D"}, {"Name": "code", "Value": "busy"}]}, "Period": 60, "Stat": "Sum"}},
                  {"Id": "c", "MetricStat": {"Metric": {"Namespace": "N", "MetricName": "turns.completed"}, "Period": 60, "Stat": "Sum"}}]}}}}
                """);

        assertThat(MetricReads.of(template)).extracting(MetricRead::identity, MetricRead::statistic, MetricRead::readBy).containsExactly(
                tuple("N turns.failed [code, deployment]", "Sum", "Ratio"), tuple("N turns.completed []", "Sum", "Ratio"));
    }

    @Test
    void of_whenDashboardUsesDotShorthandAndWidgetStat_resolvesBoth() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {"Board": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {"DashboardBody":
                  "{\\"widgets\\":[{\\"properties\\":{\\"stat\\":\\"Maximum\\",\\"metrics\\":[[\\"N\\",\\"a\\",\\"deployment\\",\\"D\\"],[\\".\\",\\"b\\",\\".\\",\\".\\",{\\"stat\\":\\"p90\\"}]]}}]}"
                }}}}
                """);

        assertThat(MetricReads.of(template)).extracting(MetricRead::identity, MetricRead::statistic).containsExactly(
                tuple("N a [deployment]", "Maximum"), tuple("N b [deployment]", "p90"));
    }

    @Test
    void of_whenDashboardBodyHasNestedJoinAndGetAtt_substitutesPlaceholders() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {"Board": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {"DashboardBody": {"Fn::Join": ["", [
                  "{\\"widgets\\":[{\\"properties\\":{\\"metrics\\":[[\\"AWS/SQS\\",\\"Depth\\",\\"QueueName\\",\\"",
                  {"Fn::GetAtt": ["Queue1", "QueueName"]}, "\\"],[\\"N\\",\\"",
                  {"Fn::Join": ["", ["turns.", "completed"]]}, "\\",\\"deployment\\",\\"", {"Ref": "Stage"}, "\\"]]}}]}"]]}}}}}
                """);

        assertThat(MetricReads.of(template)).extracting(MetricRead::identity, MetricRead::statistic).containsExactly(
                tuple("AWS/SQS Depth [QueueName]", "Average"), tuple("N turns.completed [deployment]", "Average"));
    }

    @Test
    void of_whenDimensionsHaveValues_keepsLiteralsAsWrittenAndTokensAsPlaceholders() throws Exception {
        JsonNode template = JSON.readTree("""
                {"Resources": {
                  "Failures": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Namespace": "N", "MetricName": "turns.failed",
                     "Statistic": "Sum", "Dimensions": [{"Name": "deployment", "Value": "MangaAssist-prod"}]}},
                  "Board": {"Type": "AWS::CloudWatch::Dashboard", "Properties": {"DashboardBody": {"Fn::Join": ["", [
                     "{\\"widgets\\":[{\\"properties\\":{\\"metrics\\":[[\\"AWS/SQS\\",\\"Depth\\",\\"QueueName\\",\\"",
                     {"Fn::GetAtt": ["Queue1", "QueueName"]}, "\\"]]}}]}"]]}}}}}
                """);

        assertThat(MetricReads.of(template)).extracting(MetricRead::readBy, MetricRead::dimensions).containsExactly(
                tuple("Failures", Map.of("deployment", "MangaAssist-prod")), tuple("Board", Map.of("QueueName", "${GetAtt:Queue1.QueueName}")));
    }

    private List<MetricRead> readsBy(String logicalIdPrefix) {
        List<MetricRead> found = reads.stream().filter(r -> r.readBy().startsWith(logicalIdPrefix)).toList();
        assertThat(found).as("reads of %s", logicalIdPrefix).isNotEmpty();
        return found;
    }

    private static String reader(MetricRead read) {
        return read.readBy().startsWith("ObservabilityDashboard") ? "dashboard" : "alarm";
    }

    private static Set<String> dims(String... names) {
        return new TreeSet<>(List.of(names));
    }
}
