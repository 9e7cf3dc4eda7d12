package com.mangaassist.infra.inference;

import com.mangaassist.infra.config.EnvironmentConfig;
import com.mangaassist.infra.config.GpuAutoscaling;
import com.mangaassist.infra.config.GpuPool;
import com.mangaassist.infra.config.InvalidContextException;
import com.mangaassist.infra.data.DataStores;
import com.mangaassist.infra.observability.GpuLogMetrics;
import com.mangaassist.shared.contract.EngineSettings;
import com.mangaassist.shared.contract.LogEvents;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.contract.ScalingTargets;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.releasecontract.ReleaseManifest.ImageRef;
import com.mangaassist.releasecontract.ReleaseManifest.ObjectRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentTier;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.BasicTargetTrackingScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.PredefinedMetric;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.applicationautoscaling.StepScalingAction;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.Unit;
import software.amazon.awscdk.services.cloudwatch.actions.ApplicationScalingAction;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sagemaker.CfnEndpoint;
import software.amazon.awscdk.services.sagemaker.CfnEndpointConfig;
import software.amazon.awscdk.services.sagemaker.CfnModel;
import software.constructs.Construct;

/**
 * One model tier's GPU endpoint (ADR 0039: one endpoint per tier): the release's gpu-endpoint image (by digest, from the artifacts stack's
 * repository) with the release's model tarball, at least two instances (a cold instance must
 * never carry traffic alone, so fewer is refused), least outstanding requests routing,
 * autoscaling on concurrent requests per model (out in 60 s, in after 600 s) plus one instance per
 * {@code OOMEscalation}, and blue/green updates that shift a 10 % canary first and roll back on
 * 5xx or latency alarms. The model runs network-isolated: the container makes no outbound calls
 * (SageMaker itself downloads the model and ships its stdout to CloudWatch Logs).
 *
 * <p>An update keeps the variant's current instance count: CloudFormation otherwise updates the
 * endpoint with the new configuration's initial count, so a release at peak would drop a
 * scaled-out fleet to the minimum, with autoscaling blocked until the update ends. The variant's
 * name never changes (SageMaker's blue/green requires the same name); an instance-type change is
 * two deploys, the first with {@link GpuAutoscaling#SUSPENDED} (infra-cdk/README.md, ADR 0028).
 *
 * <p>The tier decides the engine settings ({@link EngineSettings#of}: the large tier splits its
 * model across all of an instance's GPUs), the endpoint's name, and the {@code tier} dimension its
 * log-derived metrics carry, so each tier's OOM escalation scales that tier and no other.
 */
public final class InferenceEndpoint extends Construct {

    public static final String VARIANT = "AllTraffic";
    public static final int MIN_INSTANCES = EnvironmentConfig.MIN_GPU_INSTANCES;

    private final ModelTier tier;
    private final EngineSettings engine;

    private final CfnEndpoint endpoint;
    private final boolean volumeKmsKey;
    private final String endpointName;
    private final SecurityGroup securityGroup;
    private final Alarm errors5xx;
    private final Alarm modelLatency;
    private final Alarm oomEscalation;

    /**
     * @param image the release's gpu-endpoint image, in the artifacts stack's repository
     * @param modelData the release's model tarball, in the artifacts stack's bucket
     * @param environment the environment's name ({@code dev}, {@code prod}): part of the endpoint's name
     * @param pool        the tier's fleet
     * @param modelData   the tier's model tarball, in the artifacts stack's bucket
     * @param deployment the stack's name: the endpoint's log events carry it, and its metrics are read under it
     * @param autoscaling {@code SUSPENDED} only for the first deploy of an instance-type change
     */
    public InferenceEndpoint(Construct scope, String id, Vpc vpc, SubnetSelection subnets, DataStores data, String environment, GpuPool pool,
                             ImageRef image, ObjectRef modelData, String deployment, GpuAutoscaling autoscaling) {
        super(scope, id);
        // GpuPool refuses minInstances below MIN_INSTANCES, so every pool reaching here keeps two hot.
        this.tier = pool.tier();
        this.engine = EngineSettings.of(tier);
        // The small tier's name predates tiers: keeping it keeps the endpoint (and its instances) through this change.
        this.endpointName = "mangaassist-" + environment + "-chat" + (tier == ModelTier.SMALL ? "" : "-" + GpuLogMetrics.tierValue(tier));
        OptionalInt gpus = InstanceGpus.of(pool.instanceType());
        if (gpus.isPresent() && gpus.getAsInt() < engine.tensorParallelSize()) {
            throw InvalidContextException.invalid(GpuPool.instanceTypeKey(tier), pool.instanceType(), "an instance type with at least "
                    + engine.tensorParallelSize() + " GPUs: the " + GpuLogMetrics.tierValue(tier) + " tier's model is split across "
                    + engine.tensorParallelSize() + " (EngineSettings, ADR 0039), and " + pool.instanceType() + " has " + gpus.getAsInt());
        }
        IRepository repository = Repository.fromRepositoryName(this, "Repository", image.name());
        this.volumeKmsKey = InstanceStorage.acceptsVolumeKmsKey(pool.instanceType());

        // SageMaker writes container logs here; creating it ourselves sets retention and lets
        // metric filters turn the container's JSON events into CloudWatch metrics.
        LogGroup logs = LogGroup.Builder.create(this, "EndpointLogs").logGroupName("/aws/sagemaker/Endpoints/" + endpointName)
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
        metricFilter(logs, "OomEscalationFilter", MetricNames.OOM_ESCALATION, messageStart(LogEvents.OOM_ESCALATION));
        metricFilter(logs, "OomTripFilter", MetricNames.OOM_TRIPS, messageStart(LogEvents.BREAKER_TRANSITION + " to=OPEN"));
        metricFilter(logs, "ModelLoadFailureFilter", MetricNames.WARMUP_FAILURES, messageStart(LogEvents.MODEL_LOAD_FAILURE));
        metricFilter(logs, "WarmupTimeoutFilter", MetricNames.WARMUP_FAILURES, messageStart(LogEvents.WARMUP_TIMEOUT));
        // The engine's saturation signals (ADR 0036): each instance's engine_signals event carries the values as fields.
        signalFilter(logs, "EngineKvCacheFilter", MetricNames.ENGINE_KV_CACHE_USAGE, LogEvents.KV_CACHE_USAGE_FIELD, Unit.NONE);
        signalFilter(logs, "EngineWaitingFilter", MetricNames.ENGINE_REQUESTS_WAITING, LogEvents.REQUESTS_WAITING_FIELD, Unit.COUNT);
        signalFilter(logs, "EngineRunningFilter", MetricNames.ENGINE_REQUESTS_RUNNING, LogEvents.REQUESTS_RUNNING_FIELD, Unit.COUNT);
        signalFilter(logs, "EnginePreemptionsFilter", MetricNames.ENGINE_PREEMPTIONS, LogEvents.PREEMPTIONS_FIELD, Unit.COUNT);
        signalFilter(logs, "EnginePrefixCacheFilter", MetricNames.ENGINE_PREFIX_CACHE_HIT_RATE, LogEvents.PREFIX_CACHE_HIT_RATE_FIELD, Unit.NONE);
        signalFilter(logs, "EngineTtftFilter", MetricNames.ENGINE_TTFT_P99, LogEvents.TTFT_P99_FIELD, Unit.MILLISECONDS);

        Role role = Role.Builder.create(this, "ExecutionRole").assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("SageMaker runs the gpu-endpoint container with this role").build();
        repository.grantPull(role);
        Bucket.fromBucketName(this, "ModelData", modelData.bucket()).grantRead(role, modelData.key());
        if (volumeKmsKey) {
            data.key().grantEncryptDecrypt(role);
        }
        // The group's Arn attribute already ends in ":*" (…:log-group:<name>:*), so "+ :log-stream:*"
        // would name nothing; the streams' ARN is built from the group's name instead.
        String logStreams = Stack.of(this).formatArn(ArnComponents.builder().service("logs").resource("log-group")
                .resourceName(logs.getLogGroupName() + ":log-stream:*").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                .resources(List.of(logs.getLogGroupArn(), logStreams)).build());
        role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("cloudwatch:PutMetricData")).resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", "/aws/sagemaker/Endpoints"))).build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface",
                        "ec2:DeleteNetworkInterfacePermission", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs",
                        "ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"))
                .resources(List.of("*")).build());

        // Egress is only what Network's Egress grants it (ADR 0027): the endpoints and S3, never NAT.
        this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup").vpc(vpc)
                .description("GPU endpoint instances: outbound for model data and logs").allowAllOutbound(false).build();
        CfnModel model = CfnModel.Builder.create(this, "Model")
                .executionRoleArn(role.getRoleArn())
                .primaryContainer(CfnModel.ContainerDefinitionProperty.builder()
                        .image(repository.repositoryUriForDigest(image.digest()))
                        .modelDataUrl(modelData.s3Url())
                        .environment(modelEnvironment(engine, deployment, tier))
                        .build())
                .vpcConfig(CfnModel.VpcConfigProperty.builder().subnets(vpc.selectSubnets(subnets).getSubnetIds())
                        .securityGroupIds(List.of(securityGroup.getSecurityGroupId())).build())
                .enableNetworkIsolation(true)
                .build();
        model.getNode().addDependency(role);

        CfnEndpointConfig.Builder endpointConfigBuilder = CfnEndpointConfig.Builder.create(this, "EndpointConfig");
        if (volumeKmsKey) {
            // EBS-backed instances only: SageMaker refuses a key for instances with local NVMe storage.
            endpointConfigBuilder.kmsKeyId(data.key().getKeyArn());
        }
        CfnEndpointConfig endpointConfig = endpointConfigBuilder
                .productionVariants(List.of(CfnEndpointConfig.ProductionVariantProperty.builder()
                        .variantName(VARIANT).modelName(model.getAttrModelName())
                        .instanceType(pool.instanceType()).initialInstanceCount(pool.minInstances())
                        // Load + warmup may take minutes; the container exits 1 itself at its 180 s deadline.
                        .containerStartupHealthCheckTimeoutInSeconds(600)
                        .modelDataDownloadTimeoutInSeconds(1200)
                        .routingConfig(CfnEndpointConfig.RoutingConfigProperty.builder().routingStrategy("LEAST_OUTSTANDING_REQUESTS").build())
                        .build()))
                .build();

        Metric invocationErrors = sageMakerMetric("Invocation5XXErrors", "Sum");
        this.errors5xx = Alarm.Builder.create(this, "Endpoint5xx").alarmName(endpointName + "-5xx")
                .alarmDescription("GPU endpoint answered 5xx; blue/green updates roll back on it")
                .metric(invocationErrors).threshold(5).evaluationPeriods(2).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        this.modelLatency = Alarm.Builder.create(this, "ModelLatency").alarmName(endpointName + "-model-latency-p99")
                .alarmDescription("p99 model latency over 20 s; blue/green updates roll back on it")
                .metric(sageMakerMetric("ModelLatency", "p99")).threshold(20_000_000).evaluationPeriods(3)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData(TreatMissingData.NOT_BREACHING).build();

        this.endpoint = CfnEndpoint.Builder.create(this, "Endpoint").endpointName(endpointName)
                .endpointConfigName(endpointConfig.getAttrEndpointConfigName())
                // Updates keep the variant's DesiredInstanceCount (and weight) as autoscaling left them, not the new
                // configuration's InitialInstanceCount: the green fleet starts at the size the blue one had. Data capture is
                // configuration, not runtime state, so a new configuration's setting applies.
                .retainAllVariantProperties(true)
                .excludeRetainedVariantProperties(List.of(CfnEndpoint.VariantPropertyProperty.builder()
                        .variantPropertyType("DataCaptureConfig").build()))
                .deploymentConfig(CfnEndpoint.DeploymentConfigProperty.builder()
                        .blueGreenUpdatePolicy(CfnEndpoint.BlueGreenUpdatePolicyProperty.builder()
                                .trafficRoutingConfiguration(CfnEndpoint.TrafficRoutingConfigProperty.builder().type("CANARY")
                                        .canarySize(CfnEndpoint.CapacitySizeProperty.builder().type("CAPACITY_PERCENT")
                                                .value(ScalingTargets.GPU_UPDATE_CANARY_PERCENT).build())
                                        .waitIntervalInSeconds((int) ScalingTargets.GPU_UPDATE_CANARY_WAIT.toSeconds()).build())
                                .terminationWaitInSeconds((int) ScalingTargets.GPU_UPDATE_TERMINATION_WAIT.toSeconds())
                                .maximumExecutionTimeoutInSeconds((int) ScalingTargets.GPU_UPDATE_TIMEOUT.toSeconds()).build())
                        .autoRollbackConfiguration(CfnEndpoint.AutoRollbackConfigProperty.builder().alarms(List.of(
                                CfnEndpoint.AlarmProperty.builder().alarmName(errors5xx.getAlarmName()).build(),
                                CfnEndpoint.AlarmProperty.builder().alarmName(modelLatency.getAlarmName()).build())).build())
                        .build())
                .build();

        GpuLogMetrics gpuMetrics = GpuLogMetrics.of(deployment, tier);
        this.oomEscalation = Alarm.Builder.create(this, "OomEscalation").alarmName(endpointName + "-oom-escalation")
                .alarmDescription("The OOM breaker tripped twice within 5 minutes on an instance of the " + GpuLogMetrics.tierValue(tier)
                        + " tier: add one")
                .metric(gpuMetrics.sum(MetricNames.OOM_ESCALATION))
                .threshold(1).evaluationPeriods(1).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        // Suspended: no scalable target, so CloudFormation deregisters the variant and its instances stay as they are; the
        // next deploy may then change the instance type (SageMaker refuses that for a registered variant). The alarm still pages.
        if (autoscaling == GpuAutoscaling.ON) {
            autoscale(pool);
        }
    }

    /**
     * What the model's container is told. vLLM and the front get the same batch limit and context
     * (ADR 0038): the front's saturation figure divides by the batch limit, so a front told 64 while
     * vLLM runs 32 reports half the load.
     */
    static Map<String, String> modelEnvironment(EngineSettings engine, String deployment, ModelTier tier) {
        Map<String, String> env = new HashMap<>();
        env.put("GPU_ENDPOINT_ENGINE", "openai");
        env.put("VLLM_MAX_NUM_SEQS", Integer.toString(engine.maxNumSeqs()));
        env.put("GPU_ENDPOINT_OPENAI_MAX_NUM_SEQS", Integer.toString(engine.maxNumSeqs()));
        env.put("VLLM_MAX_MODEL_LEN", Integer.toString(engine.maxModelLen()));
        env.put("GPU_ENDPOINT_OPENAI_MAX_MODEL_LEN", Integer.toString(engine.maxModelLen()));
        env.put("VLLM_MAX_NUM_BATCHED_TOKENS", Integer.toString(engine.maxNumBatchedTokens()));
        env.put("VLLM_TENSOR_PARALLEL_SIZE", Integer.toString(engine.tensorParallelSize()));
        env.put("VLLM_LORA_MODULES", "chatbot-en=/opt/ml/model/adapters/chatbot-en chatbot-ja=/opt/ml/model/adapters/chatbot-ja");
        // Every log event carries both: the metric filters take their deployment and tier dimensions from there.
        env.put(SettingNames.environmentVariable(SettingNames.METRICS_DEPLOYMENT), deployment);
        env.put(SettingNames.environmentVariable(SettingNames.METRICS_TIER), GpuLogMetrics.tierValue(tier));
        return Map.copyOf(env);
    }

    /** Target tracking on concurrent requests per model, plus one instance per OOM escalation. */
    private void autoscale(GpuPool pool) {
        ScalableTarget scaling = ScalableTarget.Builder.create(this, "Scaling").serviceNamespace(ServiceNamespace.SAGEMAKER)
                .resourceId("endpoint/" + endpoint.getAttrEndpointName() + "/variant/" + VARIANT)
                .scalableDimension("sagemaker:variant:DesiredInstanceCount")
                .minCapacity(pool.minInstances()).maxCapacity(pool.maxInstances()).build();
        scaling.getNode().addDependency(endpoint);
        scaling.scaleToTrackMetric("ConcurrentRequests", BasicTargetTrackingScalingPolicyProps.builder()
                .predefinedMetric(PredefinedMetric.SAGEMAKER_VARIANT_CONCURRENT_REQUESTS_PER_MODEL_HIGH_RESOLUTION)
                .targetValue(ScalingTargets.gpuConcurrentRequestsTarget(engine))
                .scaleOutCooldown(Duration.seconds(ScalingTargets.GPU_SCALE_OUT_COOLDOWN.toSeconds()))
                .scaleInCooldown(Duration.seconds(ScalingTargets.GPU_SCALE_IN_COOLDOWN.toSeconds()))
                .build());

        StepScalingAction oomScaleOut = StepScalingAction.Builder.create(this, "OomScaleOut").scalingTarget(scaling)
                .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY).cooldown(Duration.seconds(ScalingTargets.GPU_OOM_STEP_COOLDOWN.toSeconds())).build();
        oomScaleOut.addAdjustment(AdjustmentTier.builder().lowerBound(0).adjustment(1).build());
        oomEscalation.addAlarmAction(new ApplicationScalingAction(oomScaleOut));
    }

    /** A JSON filter value matching log messages that begin with {@code event=<event>}. */
    private static String messageStart(String event) {
        return "event=" + event + "*";
    }

    /**
     * One per matching event, counted, under the event's deployment. No default value: CloudWatch
     * refuses one on a filter with dimensions (a non-matching event has no dimension values to
     * publish a zero under), and the alarms treat missing data as not breaching.
     */
    private void metricFilter(LogGroup logs, String id, String metricName, String messagePattern) {
        MetricFilter.Builder.create(this, id).logGroup(logs)
                .filterPattern(FilterPattern.stringValue("$.formattedMessage", "=", messagePattern))
                .metricNamespace(MetricNames.GPU_NAMESPACE).metricName(metricName).metricValue("1").unit(Unit.COUNT)
                .dimensions(GpuLogMetrics.filterDimensions()).build();
    }

    /** The value of {@code field} in each engine_signals event that has it, under the event's deployment. */
    private void signalFilter(LogGroup logs, String id, String metricName, String field, Unit unit) {
        MetricFilter.Builder.create(this, id).logGroup(logs)
                .filterPattern(FilterPattern.stringValue("$.formattedMessage", "=", messageStart(LogEvents.ENGINE_SIGNALS)))
                .metricNamespace(MetricNames.GPU_NAMESPACE).metricName(metricName).metricValue("$." + field).unit(unit)
                .dimensions(GpuLogMetrics.filterDimensions()).build();
    }

    private Metric sageMakerMetric(String name, String statistic) {
        return Metric.Builder.create().namespace("AWS/SageMaker").metricName(name).statistic(statistic).period(Duration.minutes(1))
                .dimensionsMap(Map.of("EndpointName", endpointName, "VariantName", VARIANT)).build();
    }

    public String endpointName() {
        return endpointName;
    }

    public ModelTier tier() {
        return tier;
    }

    public EngineSettings engine() {
        return engine;
    }

    /** The group SageMaker attaches to the instances' interfaces in the VPC. */
    public SecurityGroup securityGroup() {
        return securityGroup;
    }

    public String endpointArn() {
        return Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder().service("sagemaker").resource("endpoint")
                .resourceName(endpointName).build());
    }

    public CfnEndpoint endpoint() {
        return endpoint;
    }

    /** Whether the endpoint configuration encrypts its instances' volumes with the platform key (EBS-only types). */
    public boolean volumeKmsKey() {
        return volumeKmsKey;
    }

    public Alarm errors5xx() {
        return errors5xx;
    }

    public Alarm modelLatency() {
        return modelLatency;
    }

    public Alarm oomEscalation() {
        return oomEscalation;
    }
}
