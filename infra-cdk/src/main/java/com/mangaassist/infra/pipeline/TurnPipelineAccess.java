package com.mangaassist.infra.pipeline;

import com.mangaassist.infra.config.TokenBudgets;
import com.mangaassist.infra.data.DataStores;
import com.mangaassist.infra.knowledge.KnowledgeSearch;
import com.mangaassist.shared.contract.ConversationTable;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.contract.TurnTimings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What the turn pipeline needs, wherever it runs (Fargate task or Lambda): the conversation store,
 * the orders table, the chat-events stream, the GPU endpoint, the @connections API and the
 * knowledge search domain, each scoped to the one resource and to the calls the pipeline makes
 * (retrieval in the turn: issue 26, ADR 0029). Both compute paths take their grants and
 * environment from here, so the two can never drift apart. The Redis token is deliberately not
 * here: ECS injects it with the task's execution role, and only the Lambda reads it itself.
 *
 * @param endpointArns      every model tier's endpoint: the pipeline invokes whichever the selector picks
 * @param endpointName      the small tier's endpoint
 * @param largeEndpointName the large tier's endpoint; {@code null} where the stack leaves the tier out
 * @param deployment the stack's name: the value of every metric's {@code deployment} dimension
 * @param knowledge  where retrieval searches
 * @param quotas     each caller's token budgets (ADR 0046): both paths charge the same counters, so both must hold the same budgets
 */
public record TurnPipelineAccess(DataStores data, List<String> endpointArns, String endpointName, String largeEndpointName,
                                 String connectionsArn, String managementEndpoint, String deployment, KnowledgeSearch knowledge,
                                 TokenBudgets quotas) {

    public TurnPipelineAccess {
        endpointArns = List.copyOf(endpointArns);
        Objects.requireNonNull(quotas, "quotas");
    }

    /**
     * The calls of {@code DynamoDbConversationStore}: GetItem (head, markers, messages), BatchGetItem
     * (a caller's day and month usage counters, read together before a turn: ADR 0046), Query
     * (history, and the pending index for recovery), UpdateItem (claims, leases) and
     * TransactWriteItems, which IAM authorizes by the actions of its items (Put and Update; the
     * answer's closing transaction also updates the two usage counters). No Scan, DeleteItem or
     * batch writes: nothing in the pipeline makes them.
     */
    public static final List<String> CONVERSATION_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
            "dynamodb:PutItem", "dynamodb:UpdateItem");
    /**
     * The order lookup's one call: a {@code Query} of the caller's own partition. No GetItem (a
     * lookup never knows an order's full key), no Scan, no write: in AWS the store's own order
     * system writes the table, outside this stack, and nothing here may.
     *
     * <p>IAM cannot narrow this to the caller's partition. {@code dynamodb:LeadingKeys} compares the
     * key with a policy variable of the <em>AWS</em> identity making the call, and one service role
     * makes the calls for every chat user: the user's principal is what the WebSocket authorizer
     * established, which IAM never sees. So the key condition on the authenticated principal is
     * applied by the server, in code (the lookup queries the partition of the turn's principal,
     * shared's {@code OrdersTable}), and this grant is on the whole table.
     */
    public static final List<String> ORDERS_ACTIONS = List.of("dynamodb:Query");
    /** Every time bound of a turn (ADR 0019): what the services are told, and what the stack derives its timeouts from. */
    public static final TurnTimings TIMINGS = TurnTimings.defaults();
    /**
     * How long a turn waits for retrieval before it answers without context: the services' default,
     * set explicitly so that the retrieval latency alarm ({@code Observability}) watches the deadline
     * the services actually run on.
     */
    public static final Duration RETRIEVAL_DEADLINE = Duration.ofMillis(250);
    /**
     * What the conversation and orders tables need of their callers on the platform key (both are
     * encrypted with it, so one grant serves both): DynamoDB decrypts the table key with the
     * caller's credentials when a connection first uses the table (and every five minutes after); it
     * generates, encrypts and re-encrypts keys itself, under the grants it created with the table.
     * Nothing else, and only through DynamoDB (ADR 0027).
     */
    public static final List<String> TABLE_KEY_ACTIONS = List.of("kms:Decrypt");
    /** What a Kinesis producer needs on the stream's key: PutRecords encrypts under a data key generated for the caller. */
    public static final List<String> STREAM_PRODUCER_KEY_ACTIONS = List.of("kms:GenerateDataKey");
    /** What an SQS producer needs on the queue's key: a data key generated for it, decrypted again while SQS reuses it. */
    public static final List<String> QUEUE_PRODUCER_KEY_ACTIONS = List.of("kms:GenerateDataKey", "kms:Decrypt");

    public void grantTo(IGrantable principal) {
        // On the table alone: Table.grant would add index/*, and only recovery reads an index (grantRecoveryTo).
        principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(CONVERSATION_ACTIONS).resources(List.of(data.conversations().getTableArn())).build());
        // The table alone too: it has no index to read.
        principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(ORDERS_ACTIONS).resources(List.of(data.orders().getTableArn())).build());
        // KinesisChatEventSink sends batches with PutRecords and nothing else.
        data.chatEvents().grant(principal, "kinesis:PutRecords");
        grantKeyVia(principal, "dynamodb", TABLE_KEY_ACTIONS);
        grantKeyVia(principal, "kinesis", STREAM_PRODUCER_KEY_ACTIONS);
        principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"))
                .resources(endpointArns).build());
        principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("execute-api:ManageConnections"))
                .resources(List.of(connectionsArn)).build());
        // In the domain's own access policy, not the role's: the domain answers only what that policy allows.
        knowledge.allowSearch(principal.getGrantPrincipal());
    }

    /**
     * {@code actions} on the platform key, only in requests {@code service} makes on the caller's
     * behalf: the key also protects the Redis token and the origin proof, which no data path may
     * decrypt directly.
     */
    public void grantKeyVia(IGrantable principal, String service, List<String> actions) {
        principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create().actions(actions)
                .resources(List.of(data.key().getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", service + "." + Stack.of(data).getRegion() + ".amazonaws.com")))
                .build());
    }

    /**
     * Lets the stranded-message sweeper (the orchestrator's recovery) query the pending index, and
     * that one index only: the overflow function never looks for work there.
     */
    public void grantRecoveryTo(IGrantable principal) {
        principal.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(data.conversations().getTableArn() + "/index/" + ConversationTable.PENDING_INDEX)).build());
    }

    /** Configuration both services read; secrets are referenced, never inlined. */
    public Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>(commonEnvironment());
        if (largeEndpointName != null) {
            // Without it the selector sends every turn to the small tier and counts those it would have sent large.
            env.put(env(SettingNames.SAGEMAKER_LARGE_ENDPOINT), largeEndpointName);
        }
        return Map.copyOf(env);
    }

    private Map<String, String> commonEnvironment() {
        return Map.ofEntries(
                Map.entry(env(SettingNames.CONVERSATION_TABLE), data.conversations().getTableName()),
                Map.entry(env(SettingNames.CHAT_EVENTS_STREAM), data.chatEvents().getStreamName()),
                Map.entry(env(SettingNames.REDIS_HOST), data.redisHost()),
                Map.entry(env(SettingNames.REDIS_PORT), Integer.toString(DataStores.REDIS_PORT)),
                Map.entry(env(SettingNames.REDIS_TLS), "true"),
                Map.entry(env(SettingNames.SAGEMAKER_ENDPOINT), endpointName),
                Map.entry(env(SettingNames.CONNECTIONS_ENDPOINT), managementEndpoint),
                Map.entry(env(SettingNames.METRICS_DEPLOYMENT), deployment),
                // The bounds the stack derived the Lambda timeout and queue visibility from: the services run on the same ones.
                Map.entry(env(SettingNames.INFERENCE_FIRST_EVENT_TIMEOUT), TIMINGS.firstEvent().toSeconds() + "s"),
                Map.entry(env(SettingNames.INFERENCE_STREAM_TIMEOUT), TIMINGS.stream().toSeconds() + "s"),
                // Retrieval in the turn (issue 26, ADR 0029). Requests to the domain are SigV4-signed: KNOWLEDGE_UNSIGNED is for
                // local runs and never set here.
                Map.entry(env(SettingNames.KNOWLEDGE_SEARCH_ENDPOINT), knowledge.endpointUrl()),
                Map.entry(env(SettingNames.KNOWLEDGE_DEADLINE), RETRIEVAL_DEADLINE.toMillis() + "ms"),
                Map.entry(env(SettingNames.ORDERS_TABLE), data.orders().getTableName()),
                // Per-caller token budgets (ADR 0046): one usage counter per caller and window, charged by whichever path answers.
                Map.entry(env(SettingNames.QUOTA_DAILY_TOKENS), Long.toString(quotas.dailyTokens())),
                Map.entry(env(SettingNames.QUOTA_MONTHLY_TOKENS), Long.toString(quotas.monthlyTokens())));
    }

    /** The environment variable a service reads {@code key} from (see shared's SettingNames). */
    public static String env(String key) {
        return SettingNames.environmentVariable(key);
    }
}
