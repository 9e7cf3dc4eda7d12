package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.infra.baseline.BaselineService;
import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.contract.SettingNames;
import java.util.List;
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
    void gpuMetricFilters_whenSynthesized_countEventsUnderTheDeploymentTheEventCarries() {
        Map<String, Map<String, Object>> filters = template.findResources("AWS::Logs::MetricFilter");
        assertThat(filters).hasSize(4);
        for (Map<String, Object> filter : filters.values()) {
            List<?> transformations = (List<?>) ((Map<?, ?>) filter.get("Properties")).get("MetricTransformations");
            assertThat(transformations).hasSize(1);
            @SuppressWarnings("unchecked")
            Map<String, Object> transformation = (Map<String, Object>) transformations.get(0);
            assertThat(transformation).containsEntry("MetricNamespace", MetricNames.GPU_NAMESPACE)
                    .containsEntry("MetricValue", "1").containsEntry("Unit", "Count")
                    .containsEntry("Dimensions", List.of(Map.of("Key", MetricNames.DEPLOYMENT, "Value", "$." + LogEvents.DEPLOYMENT_FIELD)))
                    // CloudWatch refuses a default value beside dimensions.
                    .doesNotContainKey("DefaultValue");
        }
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
                    "MetricName", alarm[1], "Statistic", "Sum", "Dimensions", List.of(Map.of("Name", MetricNames.DEPLOYMENT, "Value", DEPLOYMENT))));
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
}
