package com.mangaassist.shared.contract;

import java.util.Locale;

/**
 * The configuration keys of the platform's services, as the services bind them and as the CDK app
 * sets them. In AWS each is an environment variable named by {@link #environmentVariable}: the
 * services' configuration (Micronaut) maps {@code PIPELINE_CONVERSATION_TABLE} to
 * {@code pipeline.conversation-table} by itself, so no name is written twice. Locally the same
 * keys are system properties.
 */
public final class SettingNames {

    // ---- the turn pipeline, on both compute paths ----
    public static final String CONVERSATION_TABLE = "pipeline.conversation-table";
    public static final String CHAT_EVENTS_STREAM = "pipeline.chat-events-stream";
    /** The stage's management endpoint: {@code https://<api>.execute-api.<region>.amazonaws.com/<stage>}. */
    public static final String CONNECTIONS_ENDPOINT = "pipeline.connections-endpoint";
    public static final String SAGEMAKER_ENDPOINT = "pipeline.sagemaker-endpoint";
    public static final String SAGEMAKER_LARGE_ENDPOINT = "pipeline.sagemaker-large-endpoint";
    public static final String CONVERSATION_RETENTION = "pipeline.conversation-retention";
    /** Local runs only: the service creates its tables (in AWS they belong to the CDK stack). */
    public static final String CREATE_TABLE = "pipeline.create-table";
    public static final String REDIS_HOST = "pipeline.redis.host";
    public static final String REDIS_PORT = "pipeline.redis.port";
    public static final String REDIS_TLS = "pipeline.redis.tls";
    /** The Redis token itself (ECS injects it from Secrets Manager). */
    public static final String REDIS_AUTH_TOKEN = "pipeline.redis.auth-token";
    /** Where to read the Redis token (the Lambda reads it at init). */
    public static final String REDIS_AUTH_SECRET_ARN = "pipeline.redis.auth-secret-arn";
    /**
     * The knowledge search domain's URL ({@code https://<OpenSearch endpoint>}), where retrieval
     * finds the catalog and the policies (issue 26, ADR 0029). The CDK app sets it on both compute
     * paths; without it turns are answered without retrieval ({@code done.grounded = false}).
     */
    public static final String KNOWLEDGE_SEARCH_ENDPOINT = "pipeline.knowledge.search-endpoint";
    /** Local runs only: the search endpoint takes unsigned requests (in AWS every request is SigV4-signed for {@code es}). */
    public static final String KNOWLEDGE_UNSIGNED = "pipeline.knowledge.unsigned";
    /** How long a turn waits for retrieval before it answers without context (default 250 ms). */
    public static final String KNOWLEDGE_DEADLINE = "pipeline.knowledge.deadline";
    /** The DynamoDB table of customers' orders, keyed by principal; without it order questions are answered without orders. */
    public static final String ORDERS_TABLE = "pipeline.orders.table";
    /** Each caller's token budget per UTC day (prompt + completion; 0: none), ADR 0046. */
    public static final String QUOTA_DAILY_TOKENS = "pipeline.quota.daily-tokens";
    /** Each caller's token budget per UTC month (0: none). */
    public static final String QUOTA_MONTHLY_TOKENS = "pipeline.quota.monthly-tokens";
    public static final String INFERENCE_FIRST_EVENT_TIMEOUT = "pipeline.inference.first-event-timeout";
    public static final String INFERENCE_STREAM_TIMEOUT = "pipeline.inference.stream-timeout";
    /** {@code true} (default): each conversation keeps a SageMaker stateful session per endpoint (ADR 0040); {@code false} for the comparison. */
    public static final String INFERENCE_AFFINITY = "pipeline.inference.affinity";
    /** The slack {@link TurnTimings} adds around the inference bounds (local runs and the fault suite shorten it). */
    public static final String TIMINGS_OVERHEAD = "pipeline.timings.overhead";
    public static final String TIMINGS_LAMBDA_SLACK = "pipeline.timings.lambda-slack";
    public static final String TIMINGS_VISIBILITY_SLACK = "pipeline.timings.visibility-slack";
    public static final String TIMINGS_SWEEP_INTERVAL = "pipeline.timings.sweep-interval";
    public static final String TIMINGS_CLIENT_SILENCE = "pipeline.timings.client-silence";

    /** The value of every metric's {@code deployment} dimension (the CDK app sets the stack's name). */
    public static final String METRICS_DEPLOYMENT = "metrics.deployment";
    /** The gpu-endpoint's model tier ({@code small}, {@code large}): its log-derived metrics' {@code tier} dimension. */
    public static final String METRICS_TIER = "metrics.tier";
    /** How often the services publish their metrics (60 s: CloudWatch's standard resolution). */
    public static final String METRICS_STEP = "metrics.step";

    // ---- AWS clients ----
    public static final String AWS_REGION = "aws.region";
    /** Local runs only: sign with dummy credentials. */
    public static final String AWS_LOCAL_CREDENTIALS = "aws.local-credentials";
    /** Prefix of the per-service endpoint overrides ({@code aws.endpoints.dynamodb}, …): local runs only. */
    public static final String AWS_ENDPOINTS = "aws.endpoints";

    // ---- orchestrator ----
    public static final String TURN_CAPACITY = "orchestrator.capacity";
    public static final String SPILL_MODE = "orchestrator.spill-mode";
    public static final String DRAIN_TIMEOUT = "orchestrator.drain-timeout";
    public static final String OVERFLOW_QUEUE_URL = "orchestrator.overflow-queue-url";
    public static final String RATE_MESSAGES_PER_SECOND = "orchestrator.rate.messages-per-second";
    public static final String RATE_BURST = "orchestrator.rate.burst";
    public static final String PRINCIPAL_MESSAGES_PER_SECOND = "orchestrator.principal.messages-per-second";
    public static final String PRINCIPAL_BURST = "orchestrator.principal.burst";
    public static final String PRINCIPAL_CONNECTIONS = "orchestrator.principal.connections";
    public static final String PRINCIPAL_TURNS_IN_FLIGHT = "orchestrator.principal.turns-in-flight";
    /** Prefix of the routing policy's water marks ({@code orchestrator.routing.ttft-sla}, …). */
    public static final String ROUTING = "orchestrator.routing";
    public static final String TTFT_SLA = "orchestrator.routing.ttft-sla";
    /**
     * Where the orchestrator reads the origin proof API Gateway adds to every integration call
     * (ADR 0027): a Secrets Manager secret whose AWSCURRENT and AWSPREVIOUS versions it accepts.
     * Exactly one of this and {@link #ORIGIN_PROOF} is set.
     */
    public static final String ORIGIN_PROOF_SECRET_ARN = "orchestrator.origin-proof.secret-arn";
    /** Local runs only: the origin proof itself (the local gateway sends the same value). */
    public static final String ORIGIN_PROOF = "orchestrator.origin-proof.value";
    /** How often the orchestrator re-reads the secret's versions (a rotation waits at least twice this before mapping the new one). */
    public static final String ORIGIN_PROOF_REFRESH = "orchestrator.origin-proof.refresh";
    /** How long after a rotation the previous value is still accepted. */
    public static final String ORIGIN_PROOF_OVERLAP = "orchestrator.origin-proof.overlap";

    // ---- overflow function ----
    /** Local runs only: what the local Lambda runtime gives each invocation (in AWS the function's timeout). */
    public static final String LOCAL_FUNCTION_TIMEOUT = "local.function-timeout";

    private SettingNames() {
    }

    /** The environment variable that sets {@code key}: upper case, with dots and dashes as underscores. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
