package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The context keys that change the platform reach the template: sizes, zones, the GPU type (and
 * with it the KMS rule), the search domain's data nodes, the API Gateway account setting, alarm
 * mail, the Redis token generation and the callers' token budgets. One variant synth against the dev preset.
 */
class ContextOverridesTest {

    private static SynthesizedPlatform.Synthesized variant;
    private final Template preset = SynthesizedPlatform.of("dev").template();

    @BeforeAll
    static void synthesizeVariant() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.remove(SynthesizedPlatform.ZONE_LOOKUP_KEY);
        context.put("availabilityZones", "ap-northeast-1c,ap-northeast-1d");
        // p3: an EBS-only GPU family, so its volumes take the platform's KMS key.
        context.put("gpuInstanceType", "ml.p3.2xlarge");
        context.put("gpuMinInstances", "3");
        context.put("gpuMaxInstances", 6);
        context.put("orchestratorMinTasks", "2");
        context.put("orchestratorMaxTasks", "8");
        context.put("orchestratorTurnCapacity", "96");
        context.put("overflowMaxConcurrency", "40");
        // One from the command line (text), one as cdk.json gives it (a number).
        context.put("quotaDailyTokens", "50000");
        context.put("quotaMonthlyTokens", 0);
        context.put("apiGatewayAccountRole", "existing");
        context.put("alarmEmail", "oncall@example.com");
        context.put("redisAuthTokenGeneration", "2");
        context.put("searchInstanceType", "r6g.large.search");
        context.put("searchDataNodes", "4");
        variant = SynthesizedPlatform.synth(context);
    }

    @Test
    void availabilityZones_whenNotOverridden_areTheFirstTwoLookedUp() {
        assertThat(subnetZones(preset)).containsExactlyInAnyOrder("ap-northeast-1a", "ap-northeast-1c");
    }

    @Test
    void availabilityZones_whenOverridden_areExactlyThoseGiven() {
        assertThat(subnetZones(variant.template())).containsExactlyInAnyOrder("ap-northeast-1c", "ap-northeast-1d");
    }

    @Test
    void sizes_whenOverridden_reachScalingTargetsEndpointAndTasks() {
        variant.template().hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
                "ServiceNamespace", "sagemaker", "MinCapacity", 3, "MaxCapacity", 6));
        variant.template().hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
                "ServiceNamespace", "ecs", "MinCapacity", 2, "MaxCapacity", 8));
        variant.template().hasResourceProperties("AWS::SageMaker::EndpointConfig", Map.of("ProductionVariants", List.of(Match.objectLike(
                Map.of("InstanceType", "ml.p3.2xlarge", "InitialInstanceCount", 3)))));
        variant.template().hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
                "Environment", Match.arrayWith(List.of(Map.of("Name", "ORCHESTRATOR_CAPACITY", "Value", "96"))))))));
        // What capacity-planner recommend prints as the Lambda cap.
        variant.template().hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("ScalingConfig", Map.of("MaximumConcurrency", 40)));
    }

    @Test
    void quotas_whenOverridden_reachBothComputePaths() {
        PerCallerUsageTest.assertQuotasOnBothPaths(variant.template(), "50000", "0");
    }

    @Test
    void search_whenOverridden_spreadsTheGivenDataNodesOverTheZonesWithoutAddingManagers() {
        variant.template().hasResourceProperties("AWS::OpenSearchService::Domain", Map.of("ClusterConfig", Match.objectLike(Map.of(
                "InstanceType", "r6g.large.search", "InstanceCount", 4, "ZoneAwarenessEnabled", true,
                "ZoneAwarenessConfig", Map.of("AvailabilityZoneCount", 2), "DedicatedMasterEnabled", false))));
    }

    @Test
    void endpointConfig_whenInstancesHaveLocalNvme_namesNoKmsKey() {
        preset.hasResourceProperties("AWS::SageMaker::EndpointConfig", Map.of("KmsKeyId", Match.absent(),
                "ProductionVariants", List.of(Match.objectLike(Map.of("InstanceType", "ml.g5.xlarge")))));
    }

    @Test
    void endpointConfig_whenInstancesAreEbsOnly_encryptsVolumesWithThePlatformKey() {
        variant.template().hasResourceProperties("AWS::SageMaker::EndpointConfig", Map.of(
                "KmsKeyId", Map.of("Fn::GetAtt", List.of(logicalId(variant.template(), "AWS::KMS::Key", "DataDataKey"), "Arn"))));
    }

    @Test
    void apiGatewayAccount_whenCreated_pushesLogsWithTheManagedPolicyBeforeTheStage() {
        preset.resourceCountIs("AWS::ApiGateway::Account", 1);
        String account = logicalId(preset, "AWS::ApiGateway::Account", "EdgeLogging");
        preset.hasResource("AWS::ApiGateway::Account", Map.of("DeletionPolicy", "Retain"));
        preset.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "apigateway.amazonaws.com")))))),
                "ManagedPolicyArns", List.of(Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                        ":iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"))))));
        preset.hasResource("AWS::ApiGatewayV2::Stage", Map.of("DependsOn", Match.arrayWith(List.of(account))));
    }

    @Test
    void apiGatewayAccount_whenExisting_isLeftAlone() {
        variant.template().resourceCountIs("AWS::ApiGateway::Account", 0);
        variant.template().hasResource("AWS::ApiGatewayV2::Stage", Map.of("DependsOn", Match.absent()));
    }

    @Test
    void alarmEmail_whenGiven_subscribesItToTheAlarmTopic() {
        variant.template().hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "oncall@example.com",
                "TopicArn", Map.of("Ref", logicalId(variant.template(), "AWS::SNS::Topic", "ObservabilityAlarmsTopic"))));
        preset.resourceCountIs("AWS::SNS::Subscription", 0);
    }

    @Test
    void redisTokenGeneration_whenBumped_publishesAFunctionVersionThatReadsTheTokenAgain() {
        String presetVersion = logicalId(preset, "AWS::Lambda::Version", "OverflowFunctionCurrentVersion");
        String variantVersion = logicalId(variant.template(), "AWS::Lambda::Version", "OverflowFunctionCurrentVersion");

        assertThat(variantVersion).isNotEqualTo(presetVersion);
        variant.template().hasResourceProperties("AWS::Lambda::Function", Map.of("Description", Match.stringLikeRegexp(".*generation 2.*")));
        variant.template().hasResourceProperties("AWS::Lambda::Alias", Map.of("FunctionVersion",
                Map.of("Fn::GetAtt", List.of(variantVersion, "Version"))));
    }

    @Test
    void cdkNag_whenEbsOnlyGpuNoAccountRoleAndZonedSearchWithoutManagers_reportsNothingUnsuppressed() {
        assertThat(variant.annotations().findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(variant.annotations().findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> subnetZones(Template template) {
        return template.findResources("AWS::EC2::Subnet").values().stream()
                .map(subnet -> ((Map<String, Object>) subnet.get("Properties")).get("AvailabilityZone").toString())
                .distinct().toList();
    }

    static String logicalId(Template template, String type, String prefix) {
        return template.findResources(type).keySet().stream().filter(id -> id.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " whose logical id starts with " + prefix));
    }
}
