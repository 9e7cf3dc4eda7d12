package com.mangaassist.pipeline.assembly;

import com.github.benmanes.caffeine.cache.Ticker;
import com.mangaassist.knowledge.embedding.MiniLmEmbedder;
import com.mangaassist.knowledge.embedding.TextEmbedder;
import com.mangaassist.knowledge.retrieval.KnowledgeSearch;
import com.mangaassist.knowledge.search.OpenSearchClient;
import com.mangaassist.knowledge.search.RequestSigner;
import com.mangaassist.pipeline.affinity.ConversationAffinity;
import com.mangaassist.pipeline.affinity.InMemorySessionStore;
import com.mangaassist.pipeline.affinity.RedisSessionStore;
import com.mangaassist.pipeline.affinity.SessionOutcome;
import com.mangaassist.pipeline.conversation.CacheEvent;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.ConversationTableSchema;
import com.mangaassist.pipeline.conversation.DynamoDbConversationStore;
import com.mangaassist.pipeline.conversation.HistoryLimits;
import com.mangaassist.pipeline.conversation.RedisHistoryTier;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.delivery.ConnectionSink;
import com.mangaassist.pipeline.delivery.ManagementApiConnectionSink;
import com.mangaassist.pipeline.delivery.ReplyStreams;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.events.ChatEventSink;
import com.mangaassist.pipeline.events.KinesisChatEventSink;
import com.mangaassist.pipeline.feedback.AnswerFeedback;
import com.mangaassist.pipeline.grounding.DynamoDbOrderLookup;
import com.mangaassist.pipeline.grounding.GroundingLimits;
import com.mangaassist.pipeline.grounding.KnowledgeRetriever;
import com.mangaassist.pipeline.grounding.OpenSearchKnowledgeRetriever;
import com.mangaassist.pipeline.grounding.OrderLookup;
import com.mangaassist.pipeline.grounding.OrdersTableSchema;
import com.mangaassist.pipeline.grounding.TurnGrounding;
import com.mangaassist.pipeline.inference.InferenceStreamer;
import com.mangaassist.pipeline.redis.PrincipalTurns;
import com.mangaassist.pipeline.usage.TokenQuotas;
import com.mangaassist.pipeline.redis.RedisLink;
import com.mangaassist.pipeline.turn.ConversationResume;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.pipeline.turn.RunningAttempts;
import com.mangaassist.pipeline.turn.TurnIntake;
import com.mangaassist.pipeline.turn.TurnPipeline;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.model.ModelSelection;
import com.mangaassist.shared.model.ModelSelector;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The one place a {@link TurnPipeline} is put together, for both compute paths: from
 * {@link PipelineSettings} and the SDK clients the caller built for its runtime (pooled clients on
 * Fargate, lean ones in a Lambda), it makes the conversation store, the history tiers, the
 * delivery executor and flush timer, the chat-event publisher, the pipeline, and the resume and
 * feedback handlers. What differs between the paths is an input here (the L1 size, the inference client,
 * the metrics sink), never a second assembly. Closing it flushes chat events and releases threads
 * and the Redis connection.
 */
public final class TurnPipelineAssembly implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TurnPipelineAssembly.class);
    /** Lookups in flight at once; beyond them (and the queue) a turn answers without context rather than wait behind a stalled engine. */
    private static final int RETRIEVAL_THREADS = 16;
    private static final int RETRIEVAL_QUEUE = 64;
    private static final Duration MIN_SEARCH_CALL = Duration.ofSeconds(1);
    /** The seeds' L2 budget for a Redis command: past it a read is a miss, a limit check falls back to the task's own. */
    private static final Duration REDIS_COMMAND_TIMEOUT = Duration.ofMillis(50);

    private final ConversationStore store;
    private final RedisLink redis;
    private final TieredHistoryLoader history;
    private final ExecutorService delivery;
    private final ScheduledExecutorService flushTimer;
    private final ReplyStreams replies;
    private final ChatEventPublisher events;
    private final TurnPipeline pipeline;
    private final TurnIntake intake;
    private final MessageAttempts attempts;
    private final TurnTimings timings;
    private final ConversationResume resume;
    private final AnswerFeedback feedback;
    private final ContextBudgetManager budget;
    private final ThreadPoolExecutor retrieval;
    private final TurnGrounding grounding;
    private final TokenQuotas quotas;

    private TurnPipelineAssembly(Builder b) {
        PipelineSettings settings = Objects.requireNonNull(b.settings, "settings");
        DynamoDbClient dynamo = Objects.requireNonNull(b.dynamo, "dynamo");
        if (settings.createTable()) {
            // Local runs only: in AWS the table belongs to the CDK stack.
            ConversationTableSchema.createIfMissing(dynamo, settings.conversationTable());
        }
        this.store = new DynamoDbConversationStore(dynamo, settings.conversationTable(), b.clock, settings.conversationRetention());
        this.redis = redis(settings.redis(), b.secretResolver);
        RedisHistoryTier l2 = redis == null ? null : RedisHistoryTier.withDefaults(redis);
        this.history = new TieredHistoryLoader(b.l1MaxBytes, TieredHistoryLoader.L1_MIN_TTL, TieredHistoryLoader.L1_MAX_TTL, l2, store,
                HistoryLimits.defaults(), b.cacheEvents, b.clock, Duration.ofSeconds(5), Ticker.systemTicker());
        this.delivery = Executors.newCachedThreadPool(DaemonThreads.named("deliver"));
        this.flushTimer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("flush-timer"));
        ConnectionSink sink = b.connections != null ? b.connections
                : new ManagementApiConnectionSink(Objects.requireNonNull(b.managementApi, "managementApi or connections"));
        this.replies = ReplyStreams.withDefaults(sink, delivery, flushTimer);
        ChatEventSink eventSink = b.chatEvents != null ? b.chatEvents
                : new KinesisChatEventSink(Objects.requireNonNull(b.kinesis, "kinesis or chatEvents"), settings.chatEventsStream());
        this.events = ChatEventPublisher.withDefaults(eventSink);
        this.timings = settings.turnTimings();
        this.budget = ContextBudgetManager.withDefaults();
        this.retrieval = new ThreadPoolExecutor(RETRIEVAL_THREADS, RETRIEVAL_THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(RETRIEVAL_QUEUE),
                DaemonThreads.named("retrieve"));
        this.retrieval.allowCoreThreadTimeOut(true);
        this.grounding = grounding(settings, dynamo, b, budget);
        grounding.warm();
        RunningAttempts running = new RunningAttempts();
        this.attempts = new MessageAttempts(store, timings, b.clock);
        this.quotas = new TokenQuotas(store, settings.quota().budgets(), b.clock);
        this.pipeline = TurnPipeline.builder().store(store).attempts(attempts).quotas(quotas)
                .principalTurns(PrincipalTurns.givingBack(redis)).history(history).budget(budget).grounding(grounding)
                .selector(ModelSelector.forEndpoints(settings.sagemakerEndpoint(), settings.sagemakerLargeEndpoint()))
                .inference(Objects.requireNonNull(b.inference, "inference")).replies(replies).events(events).timings(timings).clock(b.clock)
                .runningAttempts(running).modelSelections(b.modelSelections)
                .affinity(settings.inference().affinity() ? ConversationAffinity.of(b.inference,
                        redis == null ? new InMemorySessionStore() : new RedisSessionStore(redis, b.clock), b.clock, b.sessionOutcomes)
                        : ConversationAffinity.disabled())
                .build();
        this.intake = new TurnIntake(attempts, history, budget.counter(), b.clock, running);
        this.resume = ConversationResume.withDefaults(store);
        this.feedback = new AnswerFeedback(store, events, b.clock, b.ratings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Retrieval as the settings configure it: hybrid search over the knowledge alias with the query
     * embedded in-process (ADR 0030), SigV4-signed unless the node is a local one, and the caller's
     * own orders from the orders table.
     */
    private TurnGrounding grounding(PipelineSettings settings, DynamoDbClient dynamo, Builder b, ContextBudgetManager counterOwner) {
        GroundingLimits limits = GroundingLimits.DEFAULTS.withDeadline(settings.knowledge().deadline());
        KnowledgeRetriever knowledge = null;
        if (settings.knowledge().enabled()) {
            RequestSigner signer = settings.knowledge().unsigned() ? RequestSigner.UNSIGNED
                    : Objects.requireNonNull(b.searchSigner, "a search signer (SigV4) for " + settings.knowledge().searchEndpoint());
            // A call may outlive the turn's deadline (the turn stops waiting, the thread does not): bounded so stalled calls free their thread.
            Duration callTimeout = limits.deadline().multipliedBy(4).compareTo(MIN_SEARCH_CALL) < 0 ? MIN_SEARCH_CALL : limits.deadline().multipliedBy(4);
            OpenSearchClient client = new OpenSearchClient(URI.create(settings.knowledge().searchEndpoint()), callTimeout, signer);
            knowledge = new OpenSearchKnowledgeRetriever(new KnowledgeSearch(client, b.embedder != null ? b.embedder : new MiniLmEmbedder()));
        } else {
            LOG.info("event=retrieval_disabled detail=\"no {}: answers come without the catalog and policies\"", SettingNames.KNOWLEDGE_SEARCH_ENDPOINT);
        }
        OrderLookup orders = null;
        if (settings.orders().enabled()) {
            if (settings.createTable()) {
                OrdersTableSchema.createIfMissing(dynamo, settings.orders().table());
            }
            orders = new DynamoDbOrderLookup(dynamo, settings.orders().table());
        }
        return new TurnGrounding(knowledge, orders, counterOwner.counter(), limits, retrieval, b.retrievalEvents);
    }

    private static RedisLink redis(PipelineSettings.Redis settings, UnaryOperator<String> secretResolver) {
        if (!settings.enabled()) {
            LOG.info("event=redis_disabled detail=\"no pipeline.redis.host: history loads go from L1 to DynamoDB\"");
            return null;
        }
        String token = settings.authToken();
        if (token == null && settings.authSecretArn() != null) {
            token = Objects.requireNonNull(secretResolver, "a secret resolver for pipeline.redis.auth-secret-arn").apply(settings.authSecretArn());
        }
        return new RedisLink(RedisLink.uri(settings.host(), settings.port(), settings.tls(), token), REDIS_COMMAND_TIMEOUT);
    }

    public TurnPipeline pipeline() {
        return pipeline;
    }

    public ConversationStore store() {
        return store;
    }

    /** Where a client's message becomes durable (the orchestrator's admission). */
    public TurnIntake intake() {
        return intake;
    }

    /** The one owner of message attempts (ADR 0042): every path of this process that changes an attempt goes through it. */
    public MessageAttempts attempts() {
        return attempts;
    }

    public TurnTimings timings() {
        return timings;
    }

    public ConversationResume resume() {
        return resume;
    }

    /** The callers' token usage against the deployment's budgets (ADR 0046): admission checks it, {@code usage} reports it. */
    public TokenQuotas quotas() {
        return quotas;
    }

    /** What answers a client's {@code feedback} (ADR 0045). */
    public AnswerFeedback feedback() {
        return feedback;
    }

    /** Single frames that need no stream (ack, pong, resumed, refusals) go out through these too. */
    public ReplyStreams replies() {
        return replies;
    }

    /** The process's Redis connection, shared with what else uses Redis (the orchestrator's per-principal limits); {@code null} without Redis. */
    public RedisLink redis() {
        return redis;
    }

    public ChatEventPublisher events() {
        return events;
    }

    /** The context budget (and its tokenizer) the pipeline and the intake count with. */
    public ContextBudgetManager budget() {
        return budget;
    }

    @Override
    public void close() {
        events.close();
        if (redis != null) {
            redis.close();
        }
        delivery.shutdown();
        flushTimer.shutdownNow();
        retrieval.shutdownNow();
    }

    public static final class Builder {
        private PipelineSettings settings;
        private DynamoDbClient dynamo;
        private ApiGatewayManagementApiClient managementApi;
        private ConnectionSink connections;
        private KinesisClient kinesis;
        private ChatEventSink chatEvents;
        private InferenceStreamer inference;
        private long l1MaxBytes = TieredHistoryLoader.L1_DEFAULT_MAX_BYTES;
        private Consumer<CacheEvent> cacheEvents = event -> { };
        private Consumer<RetrievalFigures> retrievalEvents = figures -> { };
        private Consumer<ModelSelection> modelSelections = selection -> { };
        private Consumer<SessionOutcome> sessionOutcomes = outcome -> { };
        private Consumer<ChatEvent> ratings = event -> { };
        private RequestSigner searchSigner;
        private TextEmbedder embedder;
        private UnaryOperator<String> secretResolver;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder settings(PipelineSettings value) {
            settings = value;
            return this;
        }

        public Builder dynamo(DynamoDbClient value) {
            dynamo = value;
            return this;
        }

        /** The stage's @connections client; frames go through it. */
        public Builder managementApi(ApiGatewayManagementApiClient value) {
            managementApi = value;
            return this;
        }

        /** Instead of a management API client: where frames go (tests). */
        public Builder connections(ConnectionSink value) {
            connections = value;
            return this;
        }

        public Builder kinesis(KinesisClient value) {
            kinesis = value;
            return this;
        }

        /** Instead of a Kinesis client: where chat events go (tests). */
        public Builder chatEvents(ChatEventSink value) {
            chatEvents = value;
            return this;
        }

        public Builder inference(InferenceStreamer value) {
            inference = value;
            return this;
        }

        /** How much conversation text this process's L1 may hold (0: none; a Lambda's memory does not outlive its burst). */
        public Builder l1MaxBytes(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("l1MaxBytes must not be negative");
            }
            l1MaxBytes = value;
            return this;
        }

        /** Each turn's stateful-session outcome (the services count them as {@code gpu.sessions}). */
        public Builder sessionOutcomes(Consumer<SessionOutcome> value) {
            sessionOutcomes = Objects.requireNonNull(value);
            return this;
        }

        /** Each attempt's model tier and why (the services count them as {@code model.tier.turns}). */
        public Builder modelSelections(Consumer<ModelSelection> value) {
            modelSelections = Objects.requireNonNull(value);
            return this;
        }

        /** Each rating that changed what an answer holds, as its chat event (the orchestrator counts them as {@code answers.rated}). */
        public Builder ratings(Consumer<ChatEvent> value) {
            ratings = Objects.requireNonNull(value);
            return this;
        }

        /** Each turn's retrieval figures (the services count them as {@code retrieval.*} metrics). */
        public Builder retrievalEvents(Consumer<RetrievalFigures> value) {
            retrievalEvents = Objects.requireNonNull(value);
            return this;
        }

        /** Signs requests to the search domain (SigV4 in AWS); not needed when {@code pipeline.knowledge.unsigned}. */
        public Builder searchSigner(RequestSigner value) {
            searchSigner = value;
            return this;
        }

        /** The query embedder; the in-process MiniLM model unless given (tests and priming pass their own or a loaded one). */
        public Builder embedder(TextEmbedder value) {
            embedder = value;
            return this;
        }

        public Builder cacheEvents(Consumer<CacheEvent> value) {
            cacheEvents = Objects.requireNonNull(value);
            return this;
        }

        /** Reads a secret's value by ARN (the Lambda's Redis token). */
        public Builder secretResolver(UnaryOperator<String> value) {
            secretResolver = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        public TurnPipelineAssembly build() {
            return new TurnPipelineAssembly(this);
        }
    }
}
