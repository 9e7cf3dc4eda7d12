package com.mangaassist.infra.baseline;

import com.mangaassist.infra.config.EnvironmentConfig;
import com.mangaassist.infra.config.NlbTlsSettings;
import com.mangaassist.infra.data.DataStores;
import com.mangaassist.infra.edge.OriginProof;
import com.mangaassist.infra.observability.TurnMetrics;
import com.mangaassist.infra.pipeline.TurnPipelineAccess;
import com.mangaassist.shared.contract.ScalingTargets;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.releasecontract.ReleaseManifest.ImageRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentAlarmConfig;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.ecs.TrackCustomMetricProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The steady baseline: the orchestrator on ECS Fargate behind an internal NLB. The image is the
 * release's, by digest, from the artifacts stack's repository; deployments roll back on the
 * circuit breaker and on alarms; tasks get two minutes to drain their streams when stopped; the
 * service scales on the share of its turn capacity in use (CPU only as a backstop).
 *
 * <p>Trust boundary: API Gateway reaches the NLB through its VPC link (PrivateLink) over TLS; the
 * NLB's security group takes no inbound traffic from the VPC at all, and AWS's documented setting
 * for VPC-link NLBs turns inbound evaluation off for PrivateLink traffic (API Gateway's addresses
 * are not ours to list). Tasks accept port 8080 only from the NLB's security group.
 */
public final class BaselineService extends Construct {

    public static final int CONTAINER_PORT = 8080;
    public static final int LISTENER_PORT = 443;
    /** Percent of turn capacity in use the service holds: headroom for a burst while new tasks start. */
    public static final int TARGET_CAPACITY_PERCENT = ScalingTargets.ORCHESTRATOR_CAPACITY_TARGET_PERCENT;
    /** CPU only scales out when turns are CPU-heavier than capacity assumes. */
    public static final int BACKSTOP_CPU_PERCENT = ScalingTargets.ORCHESTRATOR_CPU_TARGET_PERCENT;

    private final Cluster cluster;
    private final FargateService service;
    private final NetworkLoadBalancer nlb;
    private final SecurityGroup nlbSecurityGroup;
    private final SecurityGroup taskSecurityGroup;
    private final FargateTaskDefinition taskDefinition;
    private final LogGroup logs;
    private final EnvironmentConfig config;

    /** Where the service runs and what it is built from. */
    public record Placement(Vpc vpc, SubnetSelection subnets, IBucket accessLogs, NlbTlsSettings tls) {
    }

    public BaselineService(Construct scope, String id, Placement placement, DataStores data, EnvironmentConfig config, ImageRef image,
                           List<String> rollbackAlarmNames, TurnMetrics metrics) {
        super(scope, id);
        this.config = config;
        Vpc vpc = placement.vpc();
        this.cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).containerInsightsV2(ContainerInsights.ENABLED).build();

        this.taskDefinition = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(config.orchestratorCpu()).memoryLimitMiB(config.orchestratorMemoryMiB()).build();
        this.logs = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build();
        taskDefinition.addContainer("orchestrator", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromEcrRepository(Repository.fromRepositoryName(this, "Repository", image.name()), image.digest()))
                .portMappings(List.of(PortMapping.builder().containerPort(CONTAINER_PORT).protocol(Protocol.TCP).build()))
                // stdout carries the JSON logs and the EMF metric documents CloudWatch Logs extracts.
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("orchestrator").build()))
                // Injected by ECS with the execution role: the task role itself cannot read the secret.
                .secrets(Map.of(TurnPipelineAccess.env(SettingNames.REDIS_AUTH_TOKEN), Secret.fromSecretsManager(data.redisAuth())))
                // Fargate's maximum: time for in-flight streams to finish or spill after SIGTERM.
                .stopTimeout(Duration.seconds(120))
                .build());

        this.nlbSecurityGroup = SecurityGroup.Builder.create(this, "NlbSecurityGroup").vpc(vpc)
                .description("Orchestrator NLB: reached through the API Gateway VPC link only").allowAllOutbound(false).build();
        this.taskSecurityGroup = SecurityGroup.Builder.create(this, "TaskSecurityGroup").vpc(vpc)
                .description("Orchestrator tasks: gateway integration traffic from the NLB only")
                // Egress is only what Network's Egress grants it (ADR 0027).
                .allowAllOutbound(false).build();
        taskSecurityGroup.addIngressRule(nlbSecurityGroup, Port.tcp(CONTAINER_PORT), "integration traffic and health checks from the NLB");
        nlbSecurityGroup.addEgressRule(taskSecurityGroup, Port.tcp(CONTAINER_PORT), "to the orchestrator tasks");

        this.service = FargateService.Builder.create(this, "Service").cluster(cluster).taskDefinition(taskDefinition)
                .desiredCount(config.orchestratorMinTasks())
                .minHealthyPercent(100).maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .deploymentAlarms(DeploymentAlarmConfig.builder().alarmNames(rollbackAlarmNames).build())
                .healthCheckGracePeriod(Duration.seconds(90))
                .vpcSubnets(placement.subnets()).assignPublicIp(false)
                .securityGroups(List.of(taskSecurityGroup, data.redisClients()))
                .build();

        this.nlb = NetworkLoadBalancer.Builder.create(this, "Nlb").vpc(vpc).internetFacing(false).vpcSubnets(placement.subnets())
                .crossZoneEnabled(true)
                .securityGroups(List.of(nlbSecurityGroup))
                .enforceSecurityGroupInboundRulesOnPrivateLinkTraffic(false)
                .build();
        nlb.logAccessLogs(placement.accessLogs(), "orchestrator-nlb");
        NetworkListener listener = nlb.addListener("Gateway", BaseNetworkListenerProps.builder().port(LISTENER_PORT)
                .protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TLS)
                .certificates(List.of(ListenerCertificate.fromArn(placement.tls().certificateArn())))
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .build());
        // TLS ends at the NLB; the hop to the task stays inside the VPC, between the two security groups above.
        listener.addTargets("Orchestrator", AddNetworkTargetsProps.builder().port(CONTAINER_PORT)
                .protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.TCP)
                .targets(List.of(service))
                .deregistrationDelay(seconds(ScalingTargets.ORCHESTRATOR_DEREGISTRATION_DELAY))
                .healthCheck(HealthCheck.builder().path("/ready").protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.HTTP)
                        .interval(seconds(ScalingTargets.ORCHESTRATOR_HEALTH_CHECK_INTERVAL)).healthyThresholdCount(ScalingTargets.ORCHESTRATOR_HEALTHY_THRESHOLD).unhealthyThresholdCount(2).build())
                .build());

        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(config.orchestratorMinTasks()).maxCapacity(config.orchestratorMaxTasks()).build());
        scaling.scaleToTrackCustomMetric("TurnCapacity", TrackCustomMetricProps.builder().metric(metrics.capacityUsed())
                .targetValue(TARGET_CAPACITY_PERCENT).scaleOutCooldown(seconds(ScalingTargets.ORCHESTRATOR_SCALE_OUT_COOLDOWN)).scaleInCooldown(seconds(ScalingTargets.ORCHESTRATOR_SCALE_IN_COOLDOWN)).build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder().targetUtilizationPercent(BACKSTOP_CPU_PERCENT)
                .scaleOutCooldown(seconds(ScalingTargets.ORCHESTRATOR_SCALE_OUT_COOLDOWN)).scaleInCooldown(seconds(ScalingTargets.ORCHESTRATOR_SCALE_IN_COOLDOWN)).build());
    }

    /** Wires the pipeline's grants and environment, and the spill target. */
    public void connect(TurnPipelineAccess access, IQueue overflowQueue) {
        access.grantTo(taskDefinition.getTaskRole());
        access.grantRecoveryTo(taskDefinition.getTaskRole());
        // The readiness probe's dependency check (HealthFactory) describes the conversation table.
        taskDefinition.getTaskRole().addToPrincipalPolicy(PolicyStatement.Builder.create().actions(List.of("dynamodb:DescribeTable"))
                .resources(List.of(access.data().conversations().getTableArn())).build());
        // Not grantSendMessages: it adds Encrypt, ReEncrypt* and GenerateDataKey* on the platform key, which a producer does not need.
        // OverflowPublisher sends; the queue monitor and the readiness probe read the depth.
        taskDefinition.getTaskRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage", "sqs:GetQueueAttributes")).resources(List.of(overflowQueue.getQueueArn())).build());
        access.grantKeyVia(taskDefinition.getTaskRole(), "sqs", TurnPipelineAccess.QUEUE_PRODUCER_KEY_ACTIONS);
        Map<String, String> environment = new HashMap<>(access.environment());
        environment.put(TurnPipelineAccess.env(SettingNames.OVERFLOW_QUEUE_URL), overflowQueue.getQueueUrl());
        environment.put(TurnPipelineAccess.env(SettingNames.TURN_CAPACITY), Integer.toString(config.orchestratorTurnCapacity()));
        // The routing policy and the TTFT alarm hold the same objective.
        environment.put(TurnPipelineAccess.env(SettingNames.TTFT_SLA), config.ttftSlaMillis() + "ms");
        environment.forEach((name, value) -> taskDefinition.getDefaultContainer().addEnvironment(name, value));
    }

    /**
     * Makes the tasks check every integration call's origin proof against the secret (ADR 0027):
     * they read its versions themselves, so a rotation needs no task restart.
     */
    public void verifyOrigin(OriginProof originProof) {
        originProof.grantVerify(taskDefinition.getTaskRole());
        taskDefinition.getDefaultContainer().addEnvironment(TurnPipelineAccess.env(SettingNames.ORIGIN_PROOF_SECRET_ARN),
                originProof.secret().getSecretArn());
    }

    public Cluster cluster() {
        return cluster;
    }

    public FargateService service() {
        return service;
    }

    public NetworkLoadBalancer nlb() {
        return nlb;
    }

    public SecurityGroup nlbSecurityGroup() {
        return nlbSecurityGroup;
    }

    public SecurityGroup taskSecurityGroup() {
        return taskSecurityGroup;
    }

    public FargateTaskDefinition taskDefinition() {
        return taskDefinition;
    }

    /** Where the orchestrator's container logs (its JSON lines and EMF documents). */
    public LogGroup logs() {
        return logs;
    }

    private static Duration seconds(java.time.Duration duration) {
        return Duration.seconds(duration.toSeconds());
    }
}
