package com.mangaassist.pipeline.assembly;

import static com.mangaassist.shared.contract.InvalidSettingException.required;

import com.mangaassist.pipeline.usage.TokenBudgets;
import com.mangaassist.shared.contract.InvalidSettingException;
import com.mangaassist.shared.contract.SettingNames;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import com.mangaassist.shared.contract.TurnTimings;
import java.time.Duration;

/**
 * What the turn pipeline is configured with, identically on both compute paths: bound from
 * {@code pipeline.*} (environment variables in AWS, see {@link SettingNames}) and checked once, at
 * start, so a missing or unusable setting stops the service with one sentence naming it.
 *
 * @param sagemakerLargeEndpoint the large tier's endpoint; {@code null} when every turn goes to the small one
 * @param createTable            local runs only: create the conversation table on start
 */
@ConfigurationProperties("pipeline")
public record PipelineSettings(
        @Nullable String conversationTable,
        @Nullable String chatEventsStream,
        @Nullable String connectionsEndpoint,
        @Nullable String sagemakerEndpoint,
        @Nullable String sagemakerLargeEndpoint,
        @Bindable(defaultValue = "90d") Duration conversationRetention,
        @Bindable(defaultValue = "false") boolean createTable,
        Redis redis,
        Inference inference,
        Timings timings,
        Knowledge knowledge,
        Orders orders,
        Quota quota) {

    public PipelineSettings {
        conversationTable = required(conversationTable, SettingNames.CONVERSATION_TABLE, "the DynamoDB table that holds conversations");
        chatEventsStream = required(chatEventsStream, SettingNames.CHAT_EVENTS_STREAM, "the Kinesis stream chat events go to");
        connectionsEndpoint = required(connectionsEndpoint, SettingNames.CONNECTIONS_ENDPOINT,
                "the WebSocket stage's @connections endpoint (https://<api>.execute-api.<region>.amazonaws.com/<stage>)");
        URI connections = URI.create(connectionsEndpoint);
        if (connections.getScheme() == null || connections.getHost() == null) {
            throw new InvalidSettingException(SettingNames.CONNECTIONS_ENDPOINT, "is '" + connectionsEndpoint + "': it must be an absolute http(s) URL");
        }
        sagemakerEndpoint = required(sagemakerEndpoint, SettingNames.SAGEMAKER_ENDPOINT, "the SageMaker endpoint of the small model tier");
        sagemakerLargeEndpoint = sagemakerLargeEndpoint == null || sagemakerLargeEndpoint.isBlank() ? null : sagemakerLargeEndpoint.strip();
        if (conversationRetention == null || conversationRetention.isNegative() || conversationRetention.isZero()) {
            throw new InvalidSettingException(SettingNames.CONVERSATION_RETENTION, "must be a positive duration (e.g. 90d)");
        }
        redis = redis == null ? Redis.NONE : redis;
        inference = inference == null ? Inference.DEFAULTS : inference;
        timings = timings == null ? Timings.DEFAULTS : timings;
        knowledge = knowledge == null ? Knowledge.NONE : knowledge;
        orders = orders == null ? Orders.NONE : orders;
        quota = quota == null ? Quota.NONE : quota;
    }

    /** Every time bound of a turn, from the inference bounds and the slack around them (ADR 0019). */
    public TurnTimings turnTimings() {
        return TurnTimings.defaults().withInference(inference.firstEventTimeout(), inference.streamTimeout())
                .withSlack(timings.overhead(), timings.lambdaSlack(), timings.visibilitySlack())
                .withRecovery(timings.sweepInterval(), timings.clientSilence());
    }

    /**
     * The slack {@link TurnTimings} adds around the inference bounds; production keeps the defaults,
     * local runs and the fault suite shorten them so recoveries happen in seconds.
     */
    @ConfigurationProperties("timings")
    public record Timings(@Bindable(defaultValue = "10s") Duration overhead, @Bindable(defaultValue = "20s") Duration lambdaSlack,
                          @Bindable(defaultValue = "30s") Duration visibilitySlack, @Bindable(defaultValue = "5s") Duration sweepInterval,
                          @Bindable(defaultValue = "30s") Duration clientSilence) {

        public static final Timings DEFAULTS = new Timings(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(30));

        public Timings {
            overhead = positive(overhead, SettingNames.TIMINGS_OVERHEAD);
            lambdaSlack = positive(lambdaSlack, SettingNames.TIMINGS_LAMBDA_SLACK);
            visibilitySlack = positive(visibilitySlack, SettingNames.TIMINGS_VISIBILITY_SLACK);
            sweepInterval = positive(sweepInterval, SettingNames.TIMINGS_SWEEP_INTERVAL);
            clientSilence = positive(clientSilence, SettingNames.TIMINGS_CLIENT_SILENCE);
        }

        private static Duration positive(Duration value, String key) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new InvalidSettingException(key, "must be a positive duration (e.g. 10s)");
            }
            return value;
        }
    }

    /**
     * The shared cache tier. Absent ({@code host} blank) history loads go from L1 to DynamoDB.
     *
     * @param authToken     the token itself (ECS injects it from Secrets Manager); {@code null} for none
     * @param authSecretArn where the token is kept when it is not given (the Lambda reads it at init)
     */
    @ConfigurationProperties("redis")
    public record Redis(@Nullable String host, @Bindable(defaultValue = "6379") int port, @Bindable(defaultValue = "false") boolean tls,
                        @Nullable String authToken, @Nullable String authSecretArn) {

        public static final Redis NONE = new Redis(null, 6379, false, null, null);

        public Redis {
            host = host == null || host.isBlank() ? null : host.strip();
            authToken = authToken == null || authToken.isBlank() ? null : authToken;
            authSecretArn = authSecretArn == null || authSecretArn.isBlank() ? null : authSecretArn.strip();
            if (port < 1 || port > 65_535) {
                throw new InvalidSettingException(SettingNames.REDIS_PORT, "is " + port + ": it must be a TCP port");
            }
        }

        public boolean enabled() {
            return host != null;
        }
    }

    /**
     * The GPU endpoint call: each attempt must show its first event within {@code firstEventTimeout}
     * (and no later gap may be longer); no stream may last longer than {@code streamTimeout}.
     * {@code affinity}: conversations keep a stateful session per endpoint (ADR 0040).
     */
    @ConfigurationProperties("inference")
    public record Inference(@Bindable(defaultValue = "10s") Duration firstEventTimeout, @Bindable(defaultValue = "60s") Duration streamTimeout,
                            @Bindable(defaultValue = "true") boolean affinity) {

        public static final Inference DEFAULTS = new Inference(Duration.ofSeconds(10), Duration.ofSeconds(60), true);

        /** With conversation affinity on, as deployed. */
        public Inference(Duration firstEventTimeout, Duration streamTimeout) {
            this(firstEventTimeout, streamTimeout, true);
        }

        public Inference {
            if (firstEventTimeout == null || firstEventTimeout.isNegative() || firstEventTimeout.isZero()) {
                throw new InvalidSettingException(SettingNames.INFERENCE_FIRST_EVENT_TIMEOUT, "must be a positive duration (e.g. 10s)");
            }
            if (streamTimeout == null || streamTimeout.compareTo(firstEventTimeout) < 0) {
                throw new InvalidSettingException(SettingNames.INFERENCE_STREAM_TIMEOUT, "must be a duration no shorter than the first-event timeout");
            }
        }
    }

    /**
     * Where a turn retrieves the catalog and the policies (ADR 0030). Absent ({@code searchEndpoint}
     * blank) turns are answered without them.
     *
     * @param unsigned local runs only: the node takes unsigned requests (an AWS domain takes SigV4 only)
     * @param deadline how long a turn waits for retrieval before it answers without context
     */
    @ConfigurationProperties("knowledge")
    public record Knowledge(@Nullable String searchEndpoint, @Bindable(defaultValue = "false") boolean unsigned,
                            @Bindable(defaultValue = "250ms") Duration deadline) {

        public static final Knowledge NONE = new Knowledge(null, false, Duration.ofMillis(250));

        public Knowledge {
            searchEndpoint = searchEndpoint == null || searchEndpoint.isBlank() ? null : searchEndpoint.strip();
            if (searchEndpoint != null) {
                URI uri = URI.create(searchEndpoint);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new InvalidSettingException(SettingNames.KNOWLEDGE_SEARCH_ENDPOINT, "is '" + searchEndpoint + "': it must be an absolute http(s) URL");
                }
            }
            if (deadline == null || deadline.isNegative() || deadline.isZero()) {
                throw new InvalidSettingException(SettingNames.KNOWLEDGE_DEADLINE, "must be a positive duration (e.g. 250ms)");
            }
        }

        public boolean enabled() {
            return searchEndpoint != null;
        }
    }

    /** The orders table order questions are answered from; absent ({@code table} blank) they are answered without orders. */
    @ConfigurationProperties("orders")
    public record Orders(@Nullable String table) {

        public static final Orders NONE = new Orders(null);

        public Orders {
            table = table == null || table.isBlank() ? null : table.strip();
        }

        public boolean enabled() {
            return table != null;
        }
    }

    /**
     * Each caller's token budgets (ADR 0046): tokens (prompt + completion) per UTC day and per UTC month; 0 sets none for
     * that window. The CDK app sets both from the environment's context.
     */
    @ConfigurationProperties("quota")
    public record Quota(@Bindable(defaultValue = "0") long dailyTokens, @Bindable(defaultValue = "0") long monthlyTokens) {

        public static final Quota NONE = new Quota(0, 0);

        public Quota {
            if (dailyTokens < 0) {
                throw new InvalidSettingException(SettingNames.QUOTA_DAILY_TOKENS, "is " + dailyTokens + ": it must be 0 (no budget) or a positive count");
            }
            if (monthlyTokens < 0) {
                throw new InvalidSettingException(SettingNames.QUOTA_MONTHLY_TOKENS, "is " + monthlyTokens + ": it must be 0 (no budget) or a positive count");
            }
        }

        public TokenBudgets budgets() {
            return new TokenBudgets(dailyTokens, monthlyTokens);
        }
    }
}
