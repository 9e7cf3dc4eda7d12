package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static com.mangaassist.infra.KnowledgeSearchTest.castMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.infra.baseline.BaselineService;
import com.mangaassist.infra.observability.Observability;
import com.mangaassist.shared.contract.EngineSettings;
import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Alarms, scaling and notifications read what the services publish: names from shared's
 * MetricNames under the deployment dimension, and the services are told the deployment; alarm
 * notifications can actually be delivered.
 */
class SignalsTest {

    private static final String DEPLOYMENT = "MangaAssist-dev";
    /** The GPU endpoint's log-derived metrics: this deployment's, of the one tier dev runs. */
    private static final List<Map<String, Object>> GPU_DIMENSIONS = List.of(Map.of("Name", MetricNames.DEPLOYMENT, "Value", DEPLOYMENT),
            Map.of("Name", MetricNames.TIER, "Value", "small"));
    /** The retrieval deadline the services are told, and the latency alarm's threshold. */
    private static final int RETRIEVAL_DEADLINE_MILLIS = 250;
    /** Each retrieval alarm's name prefix, with the namespace of the path it watches. */
    private static final Map<String, String> RETRIEVAL_PATHS = Map.of("MangaAssist-dev-", MetricNames.ORCHESTRATOR_NAMESPACE,
            "MangaAssist-dev-overflow-", MetricNames.OVERFLOW_NAMESPACE);
    private final Template template = SynthesizedPlatform.of("dev").template();

    @Test
    void ttftAlarm_whenSynthesized_readsP99OfTurnTtftUnderTheDeployment() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "MangaAssist-dev-ttft-p99",
                "Namespace", MetricNames.ORCHESTRATOR_NAMESPACE, "MetricName", MetricNames.TURN_TTFT, "ExtendedStatistic", "p99",
                "Dimensions", List.of(Map.of("Name", MetricNames.DEPLOYMENT, "Value", DEPLOYMENT)),
                "Threshold", 2000, "TreatMissingData", "notBreaching"));
    }

    @Test
    void failureAlarms_whenSynthesized_readSumOfTurnsFailedUnderTheDeploymentOnBothPaths() {
        for (String[] alarm : List.of(new String[] {"MangaAssist-dev-turn-failures", MetricNames.ORCHESTRATOR_NAMESPACE},
                new String[] {"MangaAssist-dev-overflow-turn-failures", MetricNames.OVERFLOW_NAMESPACE})) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", alarm[0], "Namespace", alarm[1],
                    "MetricName", MetricNames.TURNS_FAILED, "Statistic", "Sum",
                    "Dimensions", List.of(Map.of("Name", MetricNames.DEPLOYMENT, "Value", DEPLOYMENT))));
        }
    }

    @Test
    void silenceAlarm_whenSynthesized_breachesWhenNoTaskPublishesAndIsNoRollbackAlarm() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "MangaAssist-dev-orchestrator-metrics-missing",
                "MetricName", MetricNames.TURNS_COMPLETED, "Statistic", "SampleCount", "ComparisonOperator", "LessThanThreshold",
                "Threshold", 1, "TreatMissingData", "breaching",
                "Dimensions", List.of(Map.of("Name", MetricNames.DEPLOYMENT, "Value", DEPLOYMENT))));
        template.hasResourceProperties("AWS::ECS::Service", Map.of("DeploymentConfiguration", Match.objectLike(Map.of("Alarms",
                Match.objectLike(Map.of("AlarmNames", List.of("MangaAssist-dev-ttft-p99", "MangaAssist-dev-turn-failures")))))));
    }

    @Test
    void retrievalEngineAlarms_whenSynthesized_pageOnTheTimedOutAndFailedShareOfEveryOutcomeOnBothPaths() {
        RETRIEVAL_PATHS.forEach((prefix, namespace) -> {
            String name = prefix + "retrieval-engine-failures";
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", name, "Threshold", 20, "EvaluationPeriods", 1,
                    "DatapointsToAlarm", Match.absent(), "ComparisonOperator", "GreaterThanOrEqualToThreshold", "TreatMissingData", "notBreaching",
                    "AlarmActions", Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("ObservabilityAlarmsTopic.*"))))));
            List<Map<String, Object>> entries = alarmMetrics(name);

            assertThat(entries).as(name).filteredOn(entry -> entry.containsKey("Expression")).singleElement().satisfies(entry -> {
                assertThat(entry).containsEntry("ReturnData", true);
                // The share of at least 20 turns in the window; timed-out and failed over every outcome, absent ones as 0.
                assertThat(entry.get("Expression").toString()).startsWith("IF(").contains(">= 20")
                        .contains("100 * (FILL(timed_out, 0) + FILL(failed, 0)) / (FILL(grounded, 0) + FILL(no_hits, 0)");
            });
            List<Map<String, Object>> stats = entries.stream().filter(entry -> entry.containsKey("MetricStat")).toList();
            assertThat(stats).as(name).hasSize(RetrievalOutcome.values().length).allSatisfy(entry -> {
                Map<String, Object> stat = castMap(entry.get("MetricStat"));
                Map<String, Object> metric = castMap(stat.get("Metric"));
                String outcome = RetrievalOutcome.valueOf(entry.get("Id").toString().toUpperCase(Locale.ROOT)).wireName();
                assertThat(metric).containsEntry("Namespace", namespace).containsEntry("MetricName", MetricNames.RETRIEVAL_TURNS);
                assertThat(metric.get("Dimensions")).asList().containsExactlyInAnyOrder(Map.of("Name", MetricNames.DEPLOYMENT, "Value", DEPLOYMENT),
                        Map.of("Name", MetricNames.OUTCOME, "Value", outcome));
                assertThat(stat).containsEntry("Stat", "Sum");
                assertThat(((Number) stat.get("Period")).intValue()).as("five minutes").isEqualTo(300);
            });
        });
    }

    @Test
    void retrievalLatencyAlarms_whenSynthesized_pageOnP99AtTheDeadlineIn3Of5MinutesOnBothPaths() {
        RETRIEVAL_PATHS.forEach((prefix, namespace) -> template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.ofEntries(
                Map.entry("AlarmName", prefix + "retrieval-latency-p99"), Map.entry("Namespace", namespace),
                Map.entry("MetricName", MetricNames.RETRIEVAL_LATENCY), Map.entry("ExtendedStatistic", "p99"),
                Map.entry("Dimensions", List.of(Map.of("Name", MetricNames.DEPLOYMENT, "Value", DEPLOYMENT))),
                Map.entry("Threshold", RETRIEVAL_DEADLINE_MILLIS), Map.entry("Period", 60), Map.entry("EvaluationPeriods", 5),
                Map.entry("DatapointsToAlarm", 3), Map.entry("ComparisonOperator", "GreaterThanOrEqualToThreshold"),
                Map.entry("TreatMissingData", "notBreaching"),
                Map.entry("AlarmActions", Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("ObservabilityAlarmsTopic.*"))))))));
    }

    @Test
    void computePaths_whenSynthesized_runOnTheDeadlineTheLatencyAlarmWatchesAndNeverUnsigned() {
        String deadline = SettingNames.environmentVariable(SettingNames.KNOWLEDGE_DEADLINE);
        String value = RETRIEVAL_DEADLINE_MILLIS + "ms";

        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Environment", Match.arrayWith(List.of(Map.of("Name", deadline, "Value", value))))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "com.mangaassist.overflow.OverflowHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(deadline, value)))));
        String unsigned = SettingNames.environmentVariable(SettingNames.KNOWLEDGE_UNSIGNED);
        assertThat(PlatformStackTest.json(template.findResources("AWS::ECS::TaskDefinition"))).doesNotContain(unsigned);
        assertThat(PlatformStackTest.json(template.findResources("AWS::Lambda::Function"))).doesNotContain(unsigned);
    }

    @Test
    void dashboard_whenSynthesized_stacksRetrievalOutcomesPerPathAndGraphsLatencyAgainstTheDeadline() throws Exception {
        for (String path : List.of("orchestrator", "overflow")) {
            JsonNode outcomes = widget("Retrieval outcomes, " + path + " (turns)");
            assertThat(outcomes.path("stacked").asBoolean()).as(path).isTrue();
            List<String> labels = new ArrayList<>();
            outcomes.path("metrics").forEach(row -> labels.add(row.get(row.size() - 1).path("label").asText()));
            assertThat(labels).as(path).containsExactlyElementsOf(Arrays.stream(RetrievalOutcome.values()).map(RetrievalOutcome::wireName).toList());
        }
        JsonNode latency = widget("Retrieval latency (ms)");
        List<String> lines = new ArrayList<>();
        latency.path("metrics").forEach(row -> lines.add(row.get(row.size() - 1).path("label").asText()));
        assertThat(lines).containsExactly("orchestrator p50", "orchestrator p99", "overflow p50", "overflow p99");
        assertThat(latency.path("annotations").path("horizontal").get(0).path("value").asInt()).isEqualTo(RETRIEVAL_DEADLINE_MILLIS);
    }

    @Test
    void dashboard_whenSynthesized_graphsAnswersRatedPerRatingPathAndTier() throws Exception {
        JsonNode rated = widget(Observability.ANSWERS_RATED_TITLE);
        List<String> labels = new ArrayList<>();
        rated.path("metrics").forEach(row -> labels.add(row.get(row.size() - 1).path("label").asText()));

        assertThat(labels).containsExactly("up baseline small", "up baseline large", "up overflow small", "up overflow large",
                "down baseline small", "down baseline large", "down overflow small", "down overflow large");
    }

    @Test
    void service_whenSynthesized_scalesOnTurnCapacityUsedUnderTheDeployment() {
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of("PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Map.of(
                        "CustomizedMetricSpecification", Map.of("Namespace", MetricNames.ORCHESTRATOR_NAMESPACE,
                                "MetricName", MetricNames.TURN_CAPACITY_USED, "Statistic", "Average",
                                "Dimensions", List.of(Map.of("Name", MetricNames.DEPLOYMENT, "Value", DEPLOYMENT))),
                        "TargetValue", BaselineService.TARGET_CAPACITY_PERCENT, "ScaleOutCooldown", 60, "ScaleInCooldown", 300)));
    }

    @Test
    void services_whenSynthesized_areToldTheDeploymentAndNoLongerUseTheCloudWatchRegistry() {
        Map<String, Object> deployment = Map.of("Name", SettingNames.environmentVariable(SettingNames.METRICS_DEPLOYMENT), "Value", DEPLOYMENT);
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Environment", Match.arrayWith(List.of(deployment)))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "com.mangaassist.overflow.OverflowHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("METRICS_DEPLOYMENT", DEPLOYMENT)))));
        assertThat(PlatformStackTest.json(template.findResources("AWS::ECS::TaskDefinition"))).doesNotContain("METRICS_CLOUDWATCH_ENABLED");
    }

    @Test
    void gpuMetricFilters_whenSynthesized_publishUnderTheDeploymentTheEventCarries() {
        Map<String, Map<String, Object>> filters = template.findResources("AWS::Logs::MetricFilter");
        Map<String, String> valueByMetric = new java.util.TreeMap<>();
        for (Map<String, Object> filter : filters.values()) {
            List<?> transformations = (List<?>) ((Map<?, ?>) filter.get("Properties")).get("MetricTransformations");
            assertThat(transformations).hasSize(1);
            @SuppressWarnings("unchecked")
            Map<String, Object> transformation = (Map<String, Object>) transformations.get(0);
            assertThat(transformation).containsEntry("MetricNamespace", MetricNames.GPU_NAMESPACE)
                    .containsEntry("Dimensions", List.of(Map.of("Key", MetricNames.DEPLOYMENT, "Value", "$." + LogEvents.DEPLOYMENT_FIELD),
                            Map.of("Key", MetricNames.TIER, "Value", "$." + LogEvents.TIER_FIELD)))
                    // CloudWatch refuses a default value beside dimensions.
                    .doesNotContainKey("DefaultValue");
            valueByMetric.merge((String) transformation.get("MetricName"), transformation.get("MetricValue") + " " + transformation.get("Unit"),
                    (a, b) -> a.equals(b) ? a : a + " | " + b);
        }
        assertThat(filters).hasSize(10);
        // Events counted, and the engine signals' values taken from their fields (ADR 0036).
        assertThat(valueByMetric).containsExactlyInAnyOrderEntriesOf(Map.of(
                MetricNames.OOM_ESCALATION, "1 Count", MetricNames.OOM_TRIPS, "1 Count", MetricNames.WARMUP_FAILURES, "1 Count",
                MetricNames.ENGINE_KV_CACHE_USAGE, "$." + LogEvents.KV_CACHE_USAGE_FIELD + " None",
                MetricNames.ENGINE_REQUESTS_WAITING, "$." + LogEvents.REQUESTS_WAITING_FIELD + " Count",
                MetricNames.ENGINE_REQUESTS_RUNNING, "$." + LogEvents.REQUESTS_RUNNING_FIELD + " Count",
                MetricNames.ENGINE_PREEMPTIONS, "$." + LogEvents.PREEMPTIONS_FIELD + " Count",
                MetricNames.ENGINE_PREFIX_CACHE_HIT_RATE, "$." + LogEvents.PREFIX_CACHE_HIT_RATE_FIELD + " None",
                MetricNames.ENGINE_TTFT_P99, "$." + LogEvents.TTFT_P99_FIELD + " Milliseconds"));
    }

    @Test
    void engineSignalAlarms_whenSynthesized_watchTheDesignsThresholdsUnderTheDeployment() {
        List<Map<String, Object>> deployment = GPU_DIMENSIONS;
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "MangaAssist-dev-gpu-kv-cache",
                "MetricName", MetricNames.ENGINE_KV_CACHE_USAGE, "Statistic", "Maximum", "Period", 300, "EvaluationPeriods", 2,
                "Threshold", 0.95, "ComparisonOperator", "GreaterThanThreshold", "Dimensions", deployment));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "MangaAssist-dev-gpu-engine-waiting",
                "MetricName", MetricNames.ENGINE_REQUESTS_WAITING, "Statistic", "Maximum", "Period", 60, "EvaluationPeriods", 1,
                "Threshold", 50, "ComparisonOperator", "GreaterThanThreshold", "Dimensions", deployment));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "MangaAssist-dev-gpu-preemptions",
                "MetricName", MetricNames.ENGINE_PREEMPTIONS, "Statistic", "Sum", "Period", 300, "EvaluationPeriods", 1,
                "Threshold", 10, "ComparisonOperator", "GreaterThanOrEqualToThreshold", "Dimensions", deployment));
    }

    @Test
    void gpuEndpoint_whenSynthesized_tellsVllmAndTheFrontTheSameEngineSettings() {
        EngineSettings small = EngineSettings.SMALL;
        template.hasResourceProperties("AWS::SageMaker::Model", Map.of("PrimaryContainer", Match.objectLike(Map.of("Environment",
                Match.objectLike(Map.of("VLLM_MAX_NUM_SEQS", Integer.toString(small.maxNumSeqs()),
                        "GPU_ENDPOINT_OPENAI_MAX_NUM_SEQS", Integer.toString(small.maxNumSeqs()),
                        "VLLM_MAX_MODEL_LEN", Integer.toString(small.maxModelLen()),
                        "GPU_ENDPOINT_OPENAI_MAX_MODEL_LEN", Integer.toString(small.maxModelLen()),
                        "VLLM_MAX_NUM_BATCHED_TOKENS", Integer.toString(small.maxNumBatchedTokens())))))));
    }

    @Test
    void gpuEndpoint_whenSynthesized_isToldTheDeploymentItsEventsCarry() {
        template.hasResourceProperties("AWS::SageMaker::Model", Map.of("PrimaryContainer", Match.objectLike(Map.of("Environment",
                Match.objectLike(Map.of(SettingNames.environmentVariable(SettingNames.METRICS_DEPLOYMENT), DEPLOYMENT))))));
    }

    @Test
    void gpuAlarms_whenSynthesized_readTheLogDerivedMetricsUnderTheDeploymentOnly() {
        for (String[] alarm : List.of(new String[] {"mangaassist-dev-chat-oom-escalation", MetricNames.OOM_ESCALATION},
                new String[] {"MangaAssist-dev-gpu-oom-trips", MetricNames.OOM_TRIPS},
                new String[] {"MangaAssist-dev-gpu-warmup-failures", MetricNames.WARMUP_FAILURES})) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", alarm[0], "Namespace", MetricNames.GPU_NAMESPACE,
                    "MetricName", alarm[1], "Statistic", "Sum", "Dimensions", GPU_DIMENSIONS));
        }
    }

    @Test
    void orchestrator_whenSynthesized_sharesTheTtftObjectiveWithItsAlarm() {
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Environment", Match.arrayWith(List.of(Map.of("Name", "ORCHESTRATOR_ROUTING_TTFT_SLA", "Value", "2000ms"))))))));
    }

    @Test
    void alarmKey_whenSynthesized_letsCloudWatchEncryptNotifications() {
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true, "KeyPolicy", Map.of("Version", "2012-10-17",
                "Statement", Match.arrayWith(List.of(Map.of("Sid", "AllowCloudWatchAlarms", "Effect", "Allow",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                        "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"), "Resource", "*"))))));
        String key = logicalId(template, "AWS::KMS::Key", "ObservabilityAlarmsKey");
        template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(key, "Arn"))));
    }

    @Test
    void alarmTopic_whenSynthesized_letsThisAccountsAlarmsPublishOverTlsOnly() {
        String topic = logicalId(template, "AWS::SNS::Topic", "ObservabilityAlarmsTopic");
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of("Statement", List.of(
                Match.objectLike(Map.of("Effect", "Deny", "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))),
                Map.of("Sid", "AllowAlarmsOfThisAccount", "Effect", "Allow", "Action", "sns:Publish",
                        "Principal", Map.of("Service", "cloudwatch.amazonaws.com"), "Resource", Map.of("Ref", topic),
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", SynthesizedPlatform.ACCOUNT),
                                "ArnLike", Map.of("aws:SourceArn", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                        ":cloudwatch:ap-northeast-1:123456789012:alarm:*")))))))))));
    }

    /** The metric-math entries of the alarm named {@code name}. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> alarmMetrics(String name) {
        Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm",
                Map.of("Properties", Map.of("AlarmName", name)));
        assertThat(alarms).as(name).hasSize(1);
        return (List<Map<String, Object>>) castMap(alarms.values().iterator().next().get("Properties")).get("Metrics");
    }

    /** The dashboard widget titled {@code title}, its body's tokens (names of queues, clusters) left as placeholders. */
    private JsonNode widget(String title) throws Exception {
        return widget(template, title);
    }

    /** The dashboard's body as the template writes it: text, or an {@code Fn::Join} of text and tokens. */
    static Object dashboardBody(Template template) {
        return castMap(template.findResources("AWS::CloudWatch::Dashboard").values().iterator().next().get("Properties"))
                .get("DashboardBody");
    }

    /** {@code template}'s dashboard widget titled {@code title}, every token in its body as {@code token}. */
    static JsonNode widget(Template template, String title) throws Exception {
        Object body = dashboardBody(template);
        for (JsonNode widget : new ObjectMapper().readTree(literal(body)).path("widgets")) {
            if (widget.path("properties").path("title").asText().equals(title)) {
                return widget.path("properties");
            }
        }
        throw new AssertionError("no dashboard widget titled " + title);
    }

    /** A dashboard body as text: the literal parts of its Fn::Join, every token as {@code token}. */
    @SuppressWarnings("unchecked")
    private static String literal(Object value) {
        if (value instanceof String text) {
            return text;
        }
        Object join = castMap(value).get("Fn::Join");
        if (join instanceof List<?> parts) {
            return ((List<Object>) parts.get(1)).stream().map(SignalsTest::literal).reduce("", String::concat);
        }
        return "token";
    }
}
