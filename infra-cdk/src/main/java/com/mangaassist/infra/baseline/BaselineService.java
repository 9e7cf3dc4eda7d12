package com.mangaassist.infra.baseline;

import com.mangaassist.infra.config.EnvironmentConfig;
import com.mangaassist.infra.data.DataStores;
import com.mangaassist.infra.images.ImageRepository;
import com.mangaassist.infra.pipeline.TurnPipelineAccess;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.contract.SettingNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ec2.Peer;
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
import software.amazon.awscdk.services.elasticloadbalancingv2.AddNetworkTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseNetworkListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.NetworkLoadBalancer;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The steady baseline: the orchestrator on ECS Fargate behind an internal NLB. Images come from an
 * immutable, scanned repository by digest; deployments roll back on the circuit breaker and on
 * alarms; tasks get two minutes to drain their streams when stopped; CPU target tracking scales
 * out fast and in slowly.
 */
public final class BaselineService extends Construct {

    public static final int CONTAINER_PORT = 8080;

    private final Repository repository;
    private final Cluster cluster;
    private final FargateService service;
    private final NetworkLoadBalancer nlb;
    private final FargateTaskDefinition taskDefinition;

    public BaselineService(Construct scope, String id, Vpc vpc, SubnetSelection subnets, DataStores data, EnvironmentConfig config,
                           IBucket accessLogs, List<String> rollbackAlarmNames) {
        super(scope, id);
        this.repository = ImageRepository.create(this, "Repository", data.key(), config.retainData());
        this.cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).containerInsightsV2(ContainerInsights.ENABLED).build();

        this.taskDefinition = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(config.orchestratorCpu()).memoryLimitMiB(config.orchestratorMemoryMiB()).build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build();
        taskDefinition.addContainer("orchestrator", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromEcrRepository(repository, config.orchestratorImage()))
                .portMappings(List.of(PortMapping.builder().containerPort(CONTAINER_PORT).protocol(Protocol.TCP).build()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("orchestrator").build()))
                .secrets(Map.of(TurnPipelineAccess.env(SettingNames.REDIS_AUTH_TOKEN), Secret.fromSecretsManager(data.redisAuth())))
                // Fargate's maximum: time for in-flight streams to finish or spill after SIGTERM.
                .stopTimeout(Duration.seconds(120))
                .build());

        SecurityGroup tasks = SecurityGroup.Builder.create(this, "TaskSecurityGroup").vpc(vpc)
                .description("Orchestrator tasks: gateway integration traffic from inside the VPC").build();
        tasks.addIngressRule(Peer.ipv4(com.mangaassist.infra.network.Network.CIDR), Port.tcp(CONTAINER_PORT), "NLB and VPC link");

        this.service = FargateService.Builder.create(this, "Service").cluster(cluster).taskDefinition(taskDefinition)
                .desiredCount(config.orchestratorMinTasks())
                .minHealthyPercent(100).maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .deploymentAlarms(DeploymentAlarmConfig.builder().alarmNames(rollbackAlarmNames).build())
                .healthCheckGracePeriod(Duration.seconds(90))
                .vpcSubnets(subnets).assignPublicIp(false)
                .securityGroups(List.of(tasks, data.redisClients()))
                .build();

        this.nlb = NetworkLoadBalancer.Builder.create(this, "Nlb").vpc(vpc).internetFacing(false).vpcSubnets(subnets)
                .crossZoneEnabled(true).build();
        nlb.logAccessLogs(accessLogs, "orchestrator-nlb");
        NetworkListener listener = nlb.addListener("Gateway", BaseNetworkListenerProps.builder().port(80).build());
        listener.addTargets("Orchestrator", AddNetworkTargetsProps.builder().port(CONTAINER_PORT)
                .targets(List.of(service))
                .deregistrationDelay(Duration.seconds(120))
                .healthCheck(HealthCheck.builder().path("/ready").protocol(software.amazon.awscdk.services.elasticloadbalancingv2.Protocol.HTTP)
                        .interval(Duration.seconds(10)).healthyThresholdCount(2).unhealthyThresholdCount(2).build())
                .build());

        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(config.orchestratorMinTasks()).maxCapacity(config.orchestratorMaxTasks()).build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder().targetUtilizationPercent(60)
                .scaleOutCooldown(Duration.seconds(60)).scaleInCooldown(Duration.seconds(300)).build());
    }

    /** Wires the pipeline's grants and environment, and the spill target. */
    public void connect(TurnPipelineAccess access, software.amazon.awscdk.services.sqs.IQueue overflowQueue) {
        access.grantTo(taskDefinition.getTaskRole());
        overflowQueue.grantSendMessages(taskDefinition.getTaskRole());
        Map<String, String> environment = new HashMap<>(access.environment());
        environment.put(TurnPipelineAccess.env(SettingNames.OVERFLOW_QUEUE_URL), overflowQueue.getQueueUrl());
        // The orchestrator's Micrometer CloudWatch registry: alarms and the dashboard read these.
        environment.put("METRICS_CLOUDWATCH_ENABLED", "true");
        taskDefinition.getTaskRole().addToPrincipalPolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()
                .actions(List.of("cloudwatch:PutMetricData")).resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", MetricNames.ORCHESTRATOR_NAMESPACE)))
                .build());
        environment.forEach((name, value) -> taskDefinition.getDefaultContainer().addEnvironment(name, value));
    }

    public Repository repository() {
        return repository;
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

    public FargateTaskDefinition taskDefinition() {
        return taskDefinition;
    }
}
