package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.infra.baseline.BaselineService;
import com.mangaassist.infra.inference.InferenceEndpoint;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.contract.TurnTimings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesized dev template has every property the platform promises. */
class PlatformStackTest {

    private final Template template = SynthesizedPlatform.of("dev").template();

    @Test
    void inference_keepsTwoHotInstancesAndScalesOutFastInSlowly() {
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
                "ServiceNamespace", "sagemaker", "ScalableDimension", "sagemaker:variant:DesiredInstanceCount",
                "MinCapacity", 2, "MaxCapacity", 4));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of("PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "PredefinedMetricSpecification", Map.of("PredefinedMetricType", "SageMakerVariantConcurrentRequestsPerModelHighResolution"),
                        "TargetValue", com.mangaassist.shared.contract.ScalingTargets.GPU_CONCURRENT_REQUESTS_TARGET, "ScaleOutCooldown", 60, "ScaleInCooldown", 600))));
    }

    @Test
    void inference_addsAnInstanceOnTheOomEscalationAlarm() {
        Map<String, Map<String, Object>> steps = template.findResources("AWS::ApplicationAutoScaling::ScalingPolicy",
                Map.of("Properties", Map.of("PolicyType", "StepScaling")));
        assertThat(steps).hasSize(1);
        String stepPolicy = steps.keySet().iterator().next();
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", MetricNames.OOM_ESCALATION,
                "Namespace", MetricNames.GPU_NAMESPACE, "AlarmActions", Match.arrayWith(List.of(Map.of("Ref", stepPolicy)))));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of("StepScalingPolicyConfiguration",
                Match.objectLike(Map.of("AdjustmentType", "ChangeInCapacity",
                        "StepAdjustments", List.of(Map.of("MetricIntervalLowerBound", 0, "ScalingAdjustment", 1))))));
    }

    @Test
    void inference_endpointConfigHasTwoInstancesHealthTimeoutsAndLeastOutstandingRouting() {
        template.hasResourceProperties("AWS::SageMaker::EndpointConfig", Map.of(
                "ProductionVariants", List.of(Match.objectLike(Map.of("InitialInstanceCount", 2, "InstanceType", "ml.g5.xlarge",
                        "ContainerStartupHealthCheckTimeoutInSeconds", 600, "ModelDataDownloadTimeoutInSeconds", 1200,
                        "RoutingConfig", Map.of("RoutingStrategy", "LEAST_OUTSTANDING_REQUESTS"))))));
    }

    @Test
    void inference_updatesBlueGreenWithACanaryAndRollsBackOnAlarms() {
        template.hasResourceProperties("AWS::SageMaker::Endpoint", Map.of("DeploymentConfig", Match.objectLike(Map.of(
                "BlueGreenUpdatePolicy", Match.objectLike(Map.of("TrafficRoutingConfiguration", Map.of("Type", "CANARY",
                        "CanarySize", Map.of("Type", "CAPACITY_PERCENT", "Value", 10), "WaitIntervalInSeconds", 600))),
                "AutoRollbackConfiguration", Map.of("Alarms", Match.arrayWith(List.of(Match.objectLike(Map.of("AlarmName", Match.anyValue())))))))));
    }

    @Test
    void images_whenSynthesized_areTheReleasesByDigestFromTheArtifactsRepositories() {
        String registry = SynthesizedPlatform.ACCOUNT + ".dkr.ecr." + SynthesizedPlatform.REGION + ".";
        String model = json(template.findResources("AWS::SageMaker::Model"));
        assertThat(model).contains(registry, "/mangaassist-dev-gpu-endpoint@" + SynthesizedPlatform.GPU_DIGEST);
        String task = json(template.findResources("AWS::ECS::TaskDefinition"));
        assertThat(task).contains(registry, "/mangaassist-dev-orchestrator@" + SynthesizedPlatform.ORCHESTRATOR_DIGEST);
        template.resourceCountIs("AWS::ECR::Repository", 0);
    }

    @Test
    void artifacts_whenSynthesized_pinLambdaCodeByVersionAndTakeTheReleasesModel() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Code", Map.of(
                "S3Bucket", "mangaassist-dev-artifacts-" + SynthesizedPlatform.ACCOUNT,
                "S3Key", SynthesizedPlatform.LAMBDA_KEY, "S3ObjectVersion", SynthesizedPlatform.LAMBDA_VERSION)));
        template.hasResourceProperties("AWS::SageMaker::Model", Map.of("PrimaryContainer", Match.objectLike(Map.of(
                "ModelDataUrl", "s3://mangaassist-dev-artifacts-" + SynthesizedPlatform.ACCOUNT + "/" + SynthesizedPlatform.MODEL_KEY))));
    }

    @Test
    void overflow_queueHasADlqAfterTheReceivesAndVisibilityTheTurnTimingsDerive() {
        // 120 s visibility = the 90 s function timeout + 30 s; the three receives span the queued lease (TurnTimings, ADR 0019).
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("VisibilityTimeout", 120,
                "RedrivePolicy", Map.of("maxReceiveCount", TurnTimings.defaults().maxReceives(), "deadLetterTargetArn", Match.anyValue()),
                "KmsMasterKeyId", Match.anyValue()));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateNumberOfMessagesVisible",
                "AlarmName", "MangaAssist-dev-overflow-dlq"));
    }

    @Test
    void overflow_functionIsJava21WithSnapStartBehindAnAliasWithPartialBatchResponses() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Runtime", "java21",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"), "Timeout", 90, "MemorySize", 1024,
                "Handler", "com.mangaassist.overflow.OverflowHandler::handleRequest"));
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "BatchSize", 5, "ScalingConfig", Map.of("MaximumConcurrency", 20),
                // The alias ARN (function ARN + ":live"), never $LATEST: SnapStart only applies to versions.
                "FunctionName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(":live"))))))));
    }

    @Test
    void edge_isAWebSocketApiRoutingOnActionWithAnAuthorizedConnect() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "WEBSOCKET",
                "RouteSelectionExpression", "$request.body.action"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$connect", "AuthorizationType", "CUSTOM"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$disconnect"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$default", "RouteResponseSelectionExpression", "$default"));
        // Two-way $default: the orchestrator's immediate reply (the ack) rides the integration response, not a @connections call.
        template.resourceCountIs("AWS::ApiGatewayV2::RouteResponse", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::RouteResponse", Map.of("RouteResponseKey", "$default"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("AuthorizerType", "REQUEST",
                "IdentitySource", List.of("route.request.querystring.token")));
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("DefaultRouteSettings",
                Map.of("ThrottlingRateLimit", 100, "ThrottlingBurstLimit", 200), "AccessLogSettings", Match.objectLike(Map.of())));
    }

    @Test
    void edge_integrationsGoThroughTheVpcLinkAndMapGatewayHeaders() {
        Map<String, Map<String, Object>> integrations = template.findResources("AWS::ApiGatewayV2::Integration");
        assertThat(integrations).hasSize(3);
        template.allResourcesProperties("AWS::ApiGatewayV2::Integration", Map.of("IntegrationType", "HTTP_PROXY",
                "ConnectionType", "VPC_LINK", "IntegrationMethod", "POST", "RequestParameters", Map.of(
                        "integration.request.header.X-MangaAssist-Connection-Id", "context.connectionId",
                        "integration.request.header.X-MangaAssist-Request-Id", "context.requestId",
                        "integration.request.header.X-MangaAssist-Principal", "context.authorizer.principalId",
                        "integration.request.header.X-MangaAssist-Route-Key", "context.routeKey")));
        template.resourceCountIs("AWS::ApiGateway::VpcLink", 1);
    }

    @Test
    void fargate_rollsBackOnCircuitBreakerAndAlarmsAndDrainsBeforeStopping() {
        template.hasResourceProperties("AWS::ECS::Service", Map.of("DesiredCount", 1, "HealthCheckGracePeriodSeconds", 90,
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true),
                        "Alarms", Map.of("AlarmNames", List.of("MangaAssist-dev-ttft-p99", "MangaAssist-dev-turn-failures"),
                                "Enable", true, "Rollback", true),
                        "MinimumHealthyPercent", 100))));
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("Cpu", "1024", "Memory", "2048",
                "ContainerDefinitions", List.of(Match.objectLike(Map.of("StopTimeout", 120,
                        "Secrets", List.of(Match.objectLike(Map.of("Name", SettingNames.environmentVariable(SettingNames.REDIS_AUTH_TOKEN)))))))));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of("TargetTrackingScalingPolicyConfiguration",
                Match.objectLike(Map.of("PredefinedMetricSpecification", Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization"),
                        "TargetValue", BaselineService.BACKSTOP_CPU_PERCENT))));
        // Every alarm ECS rolls back on must exist under that exact name.
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "MangaAssist-dev-ttft-p99"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "MangaAssist-dev-turn-failures"));
    }

    @Test
    void data_isEncryptedEverywhereWithPointInTimeRecoveryAndTtl() {
        template.allResourcesProperties("AWS::DynamoDB::Table", Map.of("SSESpecification", Match.objectLike(Map.of("SSEEnabled", true,
                "SSEType", "KMS")), "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
        // Conversations expire; orders do not (OrdersTableTest).
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"),
                Map.of("AttributeName", "sk", "KeyType", "RANGE")), "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true)));
        template.hasResourceProperties("AWS::Kinesis::Stream", Map.of("StreamEncryption", Match.objectLike(Map.of("EncryptionType", "KMS"))));
        template.allResourcesProperties("AWS::SQS::Queue", Map.of("KmsMasterKeyId", Match.anyValue()));
        template.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of("TransitEncryptionEnabled", true,
                "AtRestEncryptionEnabled", true, "AuthToken", Match.anyValue(), "Port", 6380));
        template.allResourcesProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        template.allResourcesProperties("AWS::SecretsManager::Secret", Map.of("KmsKeyId", Match.anyValue()));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void network_hasEndpointsThatSaveNatTraffic() {
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway",
                "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(".dynamodb"))))))));
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("ServiceName", "com.amazonaws.ap-northeast-1.sagemaker.runtime"));
        template.resourceCountIs("AWS::EC2::NatGateway", 1);
        template.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "ALL"));
    }

    @Test
    void iam_taskRoleIsScopedToNamedResources() {
        List<Map<String, Object>> statements = statementsOfRoleMatching("BaselineTaskTaskRole");

        assertThat(statements).as("metrics leave as EMF on stdout: nothing on *, no PutMetricData")
                .noneMatch(statement -> resources(statement).contains("*"))
                .noneMatch(statement -> actions(statement).contains("cloudwatch:PutMetricData"));
        assertThat(actionsOn(statements, "sqs:SendMessage")).hasSize(1);
        assertThat(actionsOn(statements, "execute-api:ManageConnections").toString()).contains("/live/*/@connections/*");
        assertThat(actionsOn(statements, "sagemaker:InvokeEndpointWithResponseStream").toString()).contains("endpoint/mangaassist-dev-chat");
        assertThat(actionsOn(statements, "dynamodb:PutItem")).isNotEmpty();
        assertThat(actionsOn(statements, "kinesis:PutRecords")).isNotEmpty();
    }

    @Test
    void iam_functionRoleUsesStarOnlyForXRay() {
        List<Map<String, Object>> statements = statementsOfRoleMatching("OverflowFunctionServiceRole");

        for (Map<String, Object> statement : statements) {
            if (resources(statement).contains("*")) {
                assertThat(actions(statement)).allMatch(a -> a.startsWith("xray:"));
            }
        }
        assertThat(actionsOn(statements, "sqs:ReceiveMessage")).isNotEmpty();
        assertThat(actionsOn(statements, "sqs:SendMessage")).as("the Lambda consumes, it never spills").isEmpty();
    }

    @Test
    void observability_hasTheDashboardAndEveryNamedAlarm() {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        for (String name : List.of("overflow-backlog", "overflow-oldest-age", "overflow-dlq", "ttft-p99", "turn-failures",
                "overflow-turn-failures", "orchestrator-metrics-missing", "gpu-warmup-failures", "gpu-oom-trips", "orchestrator-cpu",
                "retrieval-engine-failures", "overflow-retrieval-engine-failures", "retrieval-latency-p99", "overflow-retrieval-latency-p99")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "MangaAssist-dev-" + name,
                    "AlarmActions", Match.arrayWith(List.of(Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("ObservabilityAlarms.*")))))));
        }
        template.hasResourceProperties("AWS::Logs::MetricFilter", Map.of("MetricTransformations",
                List.of(Match.objectLike(Map.of("MetricName", MetricNames.OOM_ESCALATION, "MetricNamespace", MetricNames.GPU_NAMESPACE)))));
    }

    @Test
    void prod_retainsDataAndIsTerminationProtected() {
        SynthesizedPlatform.Synthesized prod = SynthesizedPlatform.of("prod");

        assertThat(prod.stack().getTerminationProtection()).isTrue();
        prod.template().allResources("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain"));
        prod.template().resourceCountIs("AWS::EC2::NatGateway", 2);
        prod.template().hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of("MultiAZEnabled", true,
                "AutomaticFailoverEnabled", true));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> statementsOfRoleMatching(String rolePrefix) {
        return statementsOfRoleMatching(template, rolePrefix);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statementsOfRoleMatching(Template template, String rolePrefix) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : template.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> props = (Map<String, Object>) policy.get("Properties");
            List<Object> roles = (List<Object>) props.get("Roles");
            if (roles != null && roles.toString().contains(rolePrefix)) {
                statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) props.get("PolicyDocument")).get("Statement"));
            }
        }
        assertThat(statements).as("policy statements of %s", rolePrefix).isNotEmpty();
        return statements;
    }

    static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof Collection<?> c ? c.stream().map(Object::toString).toList() : List.of(String.valueOf(action));
    }

    static List<String> resources(Map<String, Object> statement) {
        Object resource = statement.get("Resource");
        return resource instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of(String.valueOf(resource));
    }

    static List<List<String>> actionsOn(List<Map<String, Object>> statements, String action) {
        return statements.stream().filter(s -> actions(s).contains(action)).map(PlatformStackTest::resources).toList();
    }
}
