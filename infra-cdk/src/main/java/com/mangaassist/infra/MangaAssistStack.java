package com.mangaassist.infra;

import com.mangaassist.infra.baseline.BaselineService;
import com.mangaassist.infra.config.EnvironmentConfig;
import com.mangaassist.infra.data.DataStores;
import com.mangaassist.infra.edge.ChatEdge;
import com.mangaassist.infra.inference.InferenceEndpoint;
import com.mangaassist.infra.network.Network;
import com.mangaassist.infra.observability.Observability;
import com.mangaassist.infra.overflow.OverflowProcessing;
import com.mangaassist.infra.pipeline.TurnPipelineAccess;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The whole platform in one stack: network, data, the WebSocket edge, the Fargate baseline, the
 * Lambda overflow path, the SageMaker endpoint and observability. One stack keeps a deployment
 * atomic and avoids cross-stack export locks between resources that always change together
 * (ADR 0007); stateful resources are retained in prod.
 */
public final class MangaAssistStack extends Stack {

    private final Network network;
    private final DataStores data;
    private final BaselineService baseline;
    private final ChatEdge edge;
    private final OverflowProcessing overflow;
    private final InferenceEndpoint inference;
    private final Observability observability;

    public MangaAssistStack(Construct scope, String id, StackProps props, EnvironmentConfig config) {
        super(scope, id, props);
        if (config.usesExampleImages()) {
            Annotations.of(this).addWarningV2("mangaassist:example-images",
                    "Synthesized with example image digests: pass -c orchestratorImageDigest=sha256:... -c gpuEndpointImageDigest=sha256:... to deploy.");
        }
        String prefix = id;
        this.network = new Network(this, "Network", config.natGateways(), zonesFor(this));
        this.data = new DataStores(this, "Data", network.vpc(), network.dataSubnets(), config.retainData(), config.redisNodeType(),
                config.redisReplicas());
        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED).enforceSsl(true).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(90)).build()))
                .removalPolicy(config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY).autoDeleteObjects(!config.retainData())
                .build();

        this.inference = new InferenceEndpoint(this, "Inference", network.vpc(), network.privateSubnets(), data, config);
        this.baseline = new BaselineService(this, "Baseline", network.vpc(), network.privateSubnets(), data, config, accessLogs,
                Observability.orchestratorRollbackAlarmNames(prefix));
        this.edge = new ChatEdge(this, "Edge", baseline.nlb(), config.throttleRate(), config.throttleBurst(), config.oidcIssuer(),
                config.oidcAudience());
        TurnPipelineAccess access = new TurnPipelineAccess(data, inference.endpointArn(), inference.endpointName(), edge.connectionsArn(),
                edge.managementEndpoint());
        this.overflow = new OverflowProcessing(this, "Overflow", network.vpc(), network.privateSubnets(), data, config, access);
        baseline.connect(access, overflow.queue());
        this.observability = new Observability(this, "Observability", prefix, data.key(), config.ttftSlaMillis(), overflow.queue(),
                overflow.deadLetters(), baseline.service(), List.of(inference.errors5xx(), inference.modelLatency(), inference.oomEscalation()),
                inference.endpointName());

        CfnOutput.Builder.create(this, "WebSocketUrl").value(edge.websocketUrl()).description("wss:// URL chat clients connect to").build();
        CfnOutput.Builder.create(this, "ConnectionsEndpoint").value(edge.managementEndpoint()).build();
        CfnOutput.Builder.create(this, "OrchestratorRepository").value(baseline.repository().getRepositoryUri()).build();
        CfnOutput.Builder.create(this, "GpuEndpointRepository").value(inference.repository().getRepositoryUri()).build();
        CfnOutput.Builder.create(this, "SageMakerEndpoint").value(inference.endpointName()).build();
        CfnOutput.Builder.create(this, "OverflowQueueUrl").value(overflow.queue().getQueueUrl()).build();
        CfnOutput.Builder.create(this, "AlarmTopic").value(observability.alarmTopic().getTopicArn()).build();

        NagSuppressionsForPlatform.apply(this);
    }

    /**
     * Two AZs named explicitly (context {@code availabilityZones=a,b} wins): an AZ lookup would need AWS
     * credentials at synth time. Not every region has "b" (ap-northeast-1 has a, c, d).
     */
    static List<String> zonesFor(Stack stack) {
        Object fromContext = stack.getNode().tryGetContext("availabilityZones");
        if (fromContext != null) {
            return List.of(fromContext.toString().split(","));
        }
        String region = stack.getRegion();
        if (software.amazon.awscdk.Token.isUnresolved(region)) {
            throw new IllegalArgumentException("MangaAssist needs a concrete region: use a CLI profile or -c region=<region>");
        }
        return region.equals("ap-northeast-1") ? List.of(region + "a", region + "c") : List.of(region + "a", region + "b");
    }

    /** The stack's AZs are ours, not looked up: what makes offline synth possible (see zonesFor). */
    @Override
    public List<String> getAvailabilityZones() {
        return zonesFor(this);
    }

    public Network network() {
        return network;
    }

    public DataStores data() {
        return data;
    }

    public BaselineService baseline() {
        return baseline;
    }

    public ChatEdge edge() {
        return edge;
    }

    public OverflowProcessing overflow() {
        return overflow;
    }

    public InferenceEndpoint inference() {
        return inference;
    }

    public Observability observability() {
        return observability;
    }
}
