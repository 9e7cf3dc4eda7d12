package com.mangaassist.infra.config;

/**
 * Every CDK context key the app reads ({@code -c key=value}); infra-cdk/README.md documents each
 * with its default and validation. One list, so a message that names a key names one that exists.
 */
public final class ContextKeys {

    /** {@code dev} or {@code prod}: the preset in {@link EnvironmentConfig}. */
    public static final String ENV = "env";
    public static final String ACCOUNT = "account";
    public static final String REGION = "region";
    /** Path of the signed release manifest {@code release promote} (or {@code rollback}) wrote; the platform stack deploys only what it names. */
    public static final String RELEASE = "release";
    /** Path of the release key's public half (PEM): the signature on {@link #RELEASE} must verify with it. */
    public static final String RELEASE_KEY = "releaseKey";
    public static final String OIDC_ISSUER = "oidcIssuer";
    public static final String OIDC_AUDIENCE = "oidcAudience";
    public static final String NLB_CERTIFICATE_ARN = "nlbCertificateArn";
    public static final String NLB_HOSTNAME = "nlbHostname";
    public static final String AVAILABILITY_ZONES = "availabilityZones";
    /** The small tier's fleet; the large tier's keys are these with a {@code large} prefix ({@link GpuPool}). */
    public static final String GPU_INSTANCE_TYPE = "gpuInstanceType";
    public static final String GPU_MIN_INSTANCES = "gpuMinInstances";
    public static final String GPU_MAX_INSTANCES = "gpuMaxInstances";
    public static final String LARGE_GPU_INSTANCE_TYPE = "largeGpuInstanceType";
    public static final String LARGE_GPU_MIN_INSTANCES = "largeGpuMinInstances";
    public static final String LARGE_GPU_MAX_INSTANCES = "largeGpuMaxInstances";
    /**
     * {@code on} or {@code off}: whether the stack deploys the large model tier (on in prod, off in dev by default). Off,
     * the selector sends every turn to the small tier and counts the ones it would have sent large ({@code large-absent}).
     */
    public static final String LARGE_TIER = "largeTier";
    /** {@code on} (default) or {@code suspended}: the first deploy of an instance-type change deregisters the variant ({@link GpuAutoscaling}). */
    public static final String GPU_AUTOSCALING = "gpuAutoscaling";
    public static final String ORCHESTRATOR_MIN_TASKS = "orchestratorMinTasks";
    public static final String ORCHESTRATOR_MAX_TASKS = "orchestratorMaxTasks";
    public static final String ORCHESTRATOR_TURN_CAPACITY = "orchestratorTurnCapacity";
    /** The overflow function's SQS event source maximum concurrency (what the capacity planner recommends). */
    public static final String OVERFLOW_MAX_CONCURRENCY = "overflowMaxConcurrency";
    /** Each caller's token budget per UTC day, both compute paths together; 0: none ({@link TokenBudgets}, ADR 0046). */
    public static final String QUOTA_DAILY_TOKENS = "quotaDailyTokens";
    /** Each caller's token budget per UTC month; 0: none ({@link TokenBudgets}). */
    public static final String QUOTA_MONTHLY_TOKENS = "quotaMonthlyTokens";
    /** The knowledge search domain's data-node instance type ({@code <family>.<size>.search}). */
    public static final String SEARCH_INSTANCE_TYPE = "searchInstanceType";
    /** How many data nodes the knowledge search domain runs: 1, or a multiple of the zones it spans. */
    public static final String SEARCH_DATA_NODES = "searchDataNodes";
    /**
     * The artifact bucket's prefix holding the knowledge data to ingest ({@code knowledge/<release or content hash>/}):
     * optional, and without it the stack has no ingestion task ({@link KnowledgeDataPrefix}).
     */
    public static final String KNOWLEDGE_DATA_PREFIX = "knowledgeDataPrefix";
    public static final String ALARM_EMAIL = "alarmEmail";
    /** {@code create} or {@code existing}, required: whether this stack sets the region's API Gateway CloudWatch role. */
    public static final String API_GATEWAY_ACCOUNT_ROLE = "apiGatewayAccountRole";
    /** Bumped by the Redis token rotation runbook so the overflow function publishes a version that reads the new token. */
    public static final String REDIS_AUTH_TOKEN_GENERATION = "redisAuthTokenGeneration";
    /** The origin proof secret's version the stage maps: set by the rotation runbook to the new version (ADR 0027). */
    public static final String ORIGIN_PROOF_VERSION = "originProofVersion";

    private ContextKeys() {
    }
}
