package com.mangaassist.infra;

import com.mangaassist.infra.artifacts.ArtifactNames;
import com.mangaassist.infra.baseline.BaselineService;
import com.mangaassist.infra.client.HostedClient;
import com.mangaassist.infra.client.WebBundle;
import com.mangaassist.infra.config.ContextKeys;
import com.mangaassist.infra.config.ContextReader;
import com.mangaassist.infra.config.EnvironmentConfig;
import com.mangaassist.infra.config.InvalidContextException;
import com.mangaassist.infra.config.PlatformContext;
import com.mangaassist.infra.data.DataStores;
import com.mangaassist.infra.edge.ChatEdge;
import com.mangaassist.infra.edge.OriginProof;
import com.mangaassist.infra.inference.InferenceEndpoint;
import com.mangaassist.infra.knowledge.KnowledgeIngestTask;
import com.mangaassist.infra.knowledge.KnowledgeSearch;
import com.mangaassist.infra.network.Egress;
import com.mangaassist.infra.network.Network;
import com.mangaassist.infra.observability.Observability;
import com.mangaassist.infra.observability.TurnMetrics;
import com.mangaassist.infra.observability.WatchedEndpoint;
import com.mangaassist.infra.overflow.OverflowProcessing;
import com.mangaassist.infra.pipeline.TurnPipelineAccess;
import com.mangaassist.infra.release.DeployableRelease;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * {@code MangaAssist-<env>}: the running platform (network, data, the knowledge search domain and
 * its ingestion task, the WebSocket edge, the Fargate baseline, the Lambda overflow path, the
 * SageMaker endpoint, observability and the hosted chat page), built from exactly one release
 * manifest: images by digest from the artifacts stack's repositories, the function's zip and the
 * model from its bucket (the chat page's files come from the checkout, not the release: HostedClient).
 * It refers to the artifacts stack by derived names only ({@link ArtifactNames}), never
 * by export (ADR 0016). Stateful resources are retained in prod.
 */
public final class PlatformStack extends Stack {

    /** How many AZs the VPC spans unless {@code -c availabilityZones} names them. */
    public static final int ZONES = 2;

    private final DeployableRelease release;
    private final Network network;
    private final DataStores data;
    private final KnowledgeSearch knowledge;
    private final Optional<KnowledgeIngestTask> knowledgeIngest;
    private final BaselineService baseline;
    private final ChatEdge edge;
    private final OriginProof originProof;
    private final OverflowProcessing overflow;
    private final InferenceEndpoint inference;
    private final Optional<InferenceEndpoint> largeInference;
    private final Observability observability;
    private final HostedClient client;
    private final Bucket accessLogs;

    /** @param manifestSource how refusals name the manifest (its path) */
    public PlatformStack(Construct scope, String id, StackProps props, PlatformContext context, ReleaseManifest manifest,
                         String manifestSource) {
        super(scope, id, props);
        if (Token.isUnresolved(getAccount()) || Token.isUnresolved(getRegion())) {
            throw new InvalidContextException(ContextKeys.ACCOUNT, id + " needs a concrete account and region (-c account=<12 digits> "
                    + "-c region=<region>, or a CLI profile): a release is bound to one account and region.");
        }
        EnvironmentConfig config = context.config();
        ArtifactNames names = new ArtifactNames(config.name(), getAccount(), getRegion());
        this.release = DeployableRelease.verify(manifest, manifestSource, config.name(), names);
        context.nlbTls().requireIn(getAccount(), getRegion());

        this.network = new Network(this, "Network", config.natGateways(), vpcZones());
        this.data = new DataStores(this, "Data", network.vpc(), network.dataSubnets(), config.retainData(), config.redisNodeType(),
                config.redisReplicas());
        this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED).enforceSsl(true).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(90)).build()))
                .removalPolicy(config.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY).autoDeleteObjects(!config.retainData())
                .build();

        this.knowledge = new KnowledgeSearch(this, "Knowledge", network.vpc(), config.name(), config.search(), data.key(),
                config.retainData());

        this.inference = new InferenceEndpoint(this, "Inference", network.vpc(), network.privateSubnets(), data, config.name(), config.gpu(),
                release.gpuEndpointImage(), release.model(), id, context.gpuAutoscaling());
        // Its own endpoint, fleet, guards and scaling (ADR 0039); only where the deployment runs the tier.
        this.largeInference = Optional.ofNullable(config.largeGpu()).map(pool -> new InferenceEndpoint(this, "LargeInference",
                network.vpc(), network.privateSubnets(), data, config.name(), pool, release.gpuEndpointImage(),
                release.requireLargeModel(manifestSource), id, context.gpuAutoscaling()));
        List<InferenceEndpoint> endpoints = inferenceEndpoints();
        this.baseline = new BaselineService(this, "Baseline",
                new BaselineService.Placement(network.vpc(), network.privateSubnets(), accessLogs, context.nlbTls()), data, config,
                release.orchestratorImage(), Observability.orchestratorRollbackAlarmNames(id), TurnMetrics.orchestrator(id));
        this.originProof = new OriginProof(this, "OriginProof", data.key(), context.originProofVersion());
        this.edge = new ChatEdge(this, "Edge", baseline.nlb(), originProof, new ChatEdge.Settings(context.oidc(), context.nlbTls(),
                config.throttleRate(), config.throttleBurst(), context.apiGatewayAccountRole()));
        TurnPipelineAccess access = new TurnPipelineAccess(data, endpoints.stream().map(InferenceEndpoint::endpointArn).toList(),
                inference.endpointName(), largeInference.map(InferenceEndpoint::endpointName).orElse(null), edge.connectionsArn(),
                edge.managementEndpoint(), id, knowledge, config.quotas());
        this.overflow = new OverflowProcessing(this, "Overflow", network.vpc(), network.privateSubnets(), data, config, access,
                new OverflowProcessing.CodeSource(release.lambda(), names.signingProfileVersionArnParameter(),
                        context.redisAuthTokenGeneration()));
        baseline.connect(access, overflow.queue());
        baseline.verifyOrigin(originProof);
        // Each compute group leaves the VPC only the ways its data goes (ADR 0027); the cache is reached through redisClients.
        network.egress().allow(baseline.taskSecurityGroup(), Egress.Path.INTERFACE_ENDPOINTS, Egress.Path.S3, Egress.Path.DYNAMODB,
                Egress.Path.CONNECTIONS_OVER_NAT);
        network.egress().allow(overflow.functionSecurityGroup(), Egress.Path.INTERFACE_ENDPOINTS, Egress.Path.DYNAMODB,
                Egress.Path.CONNECTIONS_OVER_NAT);
        endpoints.forEach(endpoint -> network.egress().allow(endpoint.securityGroup(), Egress.Path.INTERFACE_ENDPOINTS, Egress.Path.S3));
        knowledge.admit(baseline.taskSecurityGroup(), "the orchestrator tasks");
        knowledge.admit(overflow.functionSecurityGroup(), "the overflow function");
        // Only with -c knowledgeDataPrefix: without data to ingest there is nothing for a task to run (ADR 0029).
        this.knowledgeIngest = context.knowledgeData().map(prefix -> {
            // The release carries no ingestion image yet; the orchestrator's cannot run the command (KnowledgeIngestTask).
            KnowledgeIngestTask task = new KnowledgeIngestTask(this, "KnowledgeIngest", network.vpc(), config.name(), names.bucket(), prefix,
                    release.orchestratorImage(), knowledge);
            network.egress().allow(task.securityGroup(), Egress.Path.INTERFACE_ENDPOINTS, Egress.Path.S3);
            return task;
        });
        this.observability = new Observability(this, "Observability", id, config.ttftSlaMillis(), new Observability.Watched(
                overflow.queue(), overflow.deadLetters(), baseline.service(),
                endpoints.stream().map(e -> new WatchedEndpoint(e.tier(), e.endpointName(), List.of(e.errors5xx(), e.modelLatency(),
                        e.oomEscalation()))).toList(), knowledge, List.of(baseline.logs(), overflow.logs())),
                context.alarmEmail());
        // The chat page for browsers (issue 30): its files from this checkout, its config.json from this stack.
        this.client = new HostedClient(this, "Client", WebBundle.stage(WebBundle.pageSource()), new HostedClient.Settings(
                edge.websocketUrl(), context.oidc(), TurnPipelineAccess.TIMINGS.clientSilence(), config.retainData()));

        CfnOutput.Builder.create(this, "Release").value(release.release()).description("The release this stack runs").build();
        CfnOutput.Builder.create(this, "WebSocketUrl").value(edge.websocketUrl()).description("wss:// URL chat clients connect to").build();
        CfnOutput.Builder.create(this, "ClientUrl").value(client.url())
                .description("The hosted chat page (CloudFront); it reads the WebSocket URL and OIDC settings from its config.json").build();
        CfnOutput.Builder.create(this, "ConnectionsEndpoint").value(edge.managementEndpoint()).build();
        CfnOutput.Builder.create(this, "SageMakerEndpoint").value(inference.endpointName()).build();
        largeInference.ifPresent(large -> CfnOutput.Builder.create(this, "SageMakerLargeEndpoint").value(large.endpointName())
                .description("The large model tier's endpoint").build());
        CfnOutput.Builder.create(this, "OverflowQueueUrl").value(overflow.queue().getQueueUrl()).build();
        CfnOutput.Builder.create(this, "AlarmTopic").value(observability.alarmTopic().getTopicArn()).build();
        // The store's order system writes it, outside this stack (DataStores): this is how it finds the table.
        CfnOutput.Builder.create(this, "OrdersTable").value(data.orders().getTableName())
                .description("The orders table the turn reads; the store's order system writes it").build();
        CfnOutput.Builder.create(this, "KnowledgeSearchEndpoint").value(knowledge.endpointUrl())
                .description("The knowledge search domain (inside the VPC only)").build();
        knowledgeIngest.ifPresent(task -> {
            // What `aws ecs run-task` needs (infra-cdk README, "Knowledge search (OpenSearch)").
            CfnOutput.Builder.create(this, "KnowledgeIngestTaskDefinition").value(task.taskDefinition().getTaskDefinitionArn()).build();
            CfnOutput.Builder.create(this, "KnowledgeIngestCluster").value(baseline.cluster().getClusterName()).build();
            CfnOutput.Builder.create(this, "KnowledgeIngestSubnets")
                    .value(Fn.join(",", network.vpc().selectSubnets(network.privateSubnets()).getSubnetIds())).build();
            CfnOutput.Builder.create(this, "KnowledgeIngestSecurityGroup").value(task.securityGroup().getSecurityGroupId()).build();
        });

        NagSuppressionsForPlatform.apply(this);
    }

    /**
     * {@code -c availabilityZones} when given, else the stack's real AZs: with a concrete account
     * and region CDK looks them up once (the CLI records them in cdk.context.json), so no region is
     * assumed to have an "a" and a "b" (ap-northeast-1 has a, c and d).
     */
    @Override
    public List<String> getAvailabilityZones() {
        return zoneOverride().orElseGet(super::getAvailabilityZones);
    }

    private Optional<List<String>> zoneOverride() {
        Optional<List<String>> zones = ContextReader.of(getNode()).list(ContextKeys.AVAILABILITY_ZONES);
        zones.ifPresent(list -> {
            if (list.size() < ZONES || new HashSet<>(list).size() != list.size()
                    || !list.stream().allMatch(zone -> zone.startsWith(getRegion()) && zone.length() > getRegion().length())) {
                throw InvalidContextException.invalid(ContextKeys.AVAILABILITY_ZONES, String.join(",", list),
                        "at least " + ZONES + " distinct availability zones of " + getRegion() + ", such as " + getRegion() + "a," + getRegion() + "c");
            }
        });
        return zones;
    }

    private List<String> vpcZones() {
        List<String> zones = getAvailabilityZones();
        if (zoneOverride().isPresent()) {
            return zones;
        }
        if (zones.stream().anyMatch(zone -> zone.startsWith("dummy"))) {
            // CDK returns placeholders until the lookup is answered; the CLI answers it and synthesizes
            // again, so this error only stands when the lookup could not run (no credentials, --no-lookups).
            Annotations.of(this).addError(getStackName() + " has no availability-zone lookup for account " + getAccount() + " in "
                    + getRegion() + ": synthesize with credentials for that account (the CLI records the zones in cdk.context.json) "
                    + "or pass -c availabilityZones=" + getRegion() + "a," + getRegion() + "c.");
        }
        if (zones.size() < ZONES) {
            throw new InvalidContextException(ContextKeys.AVAILABILITY_ZONES, getStackName() + " found only " + zones.size()
                    + " availability zone(s) in " + getRegion() + ": the platform spans " + ZONES + ".");
        }
        return zones.subList(0, ZONES);
    }

    public DeployableRelease release() {
        return release;
    }

    public Network network() {
        return network;
    }

    public DataStores data() {
        return data;
    }

    public KnowledgeSearch knowledge() {
        return knowledge;
    }

    /** Present only with {@code -c knowledgeDataPrefix}. */
    public Optional<KnowledgeIngestTask> knowledgeIngest() {
        return knowledgeIngest;
    }

    public BaselineService baseline() {
        return baseline;
    }

    public ChatEdge edge() {
        return edge;
    }

    public OriginProof originProof() {
        return originProof;
    }

    public OverflowProcessing overflow() {
        return overflow;
    }

    /** The small tier's endpoint. */
    public InferenceEndpoint inference() {
        return inference;
    }

    /** The large tier's endpoint; empty where the deployment leaves the tier out ({@code -c largeTier=off}). */
    public Optional<InferenceEndpoint> largeInference() {
        return largeInference;
    }

    /** Every tier's endpoint, the small one first. */
    public List<InferenceEndpoint> inferenceEndpoints() {
        return largeInference.map(large -> List.of(inference, large)).orElse(List.of(inference));
    }

    public Observability observability() {
        return observability;
    }

    /** The hosted chat page: bucket, CloudFront distribution and the deployment of its files. */
    public HostedClient client() {
        return client;
    }

    public Bucket accessLogs() {
        return accessLogs;
    }
}
