package com.mangaassist.overflow;

import com.mangaassist.overflow.batch.OverflowBatchProcessor;
import com.mangaassist.overflow.idempotency.IdempotencyStore;
import com.mangaassist.overflow.metrics.EmfOverflowMetrics;
import com.mangaassist.overflow.metrics.OverflowMetrics;
import com.mangaassist.pipeline.conversation.ConversationTableSchema;
import com.mangaassist.pipeline.conversation.DynamoDbConversationStore;
import com.mangaassist.pipeline.conversation.RedisHistoryTier;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.delivery.ManagementApiConnectionSink;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.events.KinesisChatEventSink;
import com.mangaassist.pipeline.inference.SageMakerInferenceClient;
import com.mangaassist.pipeline.aws.AwsClientDefaults;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.pipeline.turn.PipelineDefaults;
import com.mangaassist.pipeline.turn.ReplyStreams;
import com.mangaassist.pipeline.turn.TurnPipeline;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The overflow function's parts, built once per execution environment (and so captured in the
 * SnapStart snapshot). Lean on purpose: sync clients on the JDK's URL connection client (no pool
 * threads, the fastest to initialize), the default credentials chain (a SnapStart-restored
 * function gets its credentials from the container endpoint, not from variables), no L1
 * cache (an environment's memory does not outlive its burst; Redis is the shared tier), the same
 * pipeline defaults as the orchestrator.
 */
@Factory
class OverflowFactory {

    private static final Logger LOG = LoggerFactory.getLogger(OverflowFactory.class);

    private final AwsClientDefaults clients;

    OverflowFactory(@Value("${aws.region:us-east-1}") String region, @Value("${aws.local-credentials:false}") boolean localCredentials) {
        this.clients = new AwsClientDefaults(region, localCredentials);
    }


    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamo(@Value("${aws.endpoints.dynamodb:}") String endpoint) {
        // DynamoDB answers in milliseconds: an attempt stuck for seconds is retried, not waited out.
        return clients.configure(DynamoDbClient.builder(), endpoint).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(2))).build();
    }

    @Singleton
    DynamoDbConversationStore store(DynamoDbClient dynamo, @Value("${pipeline.conversation-table}") String table,
                                    @Value("${pipeline.create-table:false}") boolean createTable,
                                    @Value("${pipeline.conversation-retention:90d}") Duration retention) {
        if (createTable) {
            ConversationTableSchema.createIfMissing(dynamo, table);
        }
        return new DynamoDbConversationStore(dynamo, table, Clock.systemUTC(), retention);
    }

    @Singleton
    IdempotencyStore idempotency(DynamoDbClient dynamo, @Value("${overflow.idempotency-table}") String table,
                                 @Value("${pipeline.create-table:false}") boolean createTable) {
        if (createTable) {
            IdempotencyStore.createIfMissing(dynamo, table);
        }
        return new IdempotencyStore(dynamo, table, Clock.systemUTC(), Duration.ofHours(24));
    }

    @Singleton
    OverflowMetrics metrics() {
        return new EmfOverflowMetrics();
    }

    @Singleton
    TieredHistoryLoader history(DynamoDbConversationStore store, OverflowMetrics metrics,
                                @Value("${pipeline.redis.host:}") String host, @Value("${pipeline.redis.port:6379}") int port,
                                @Value("${pipeline.redis.tls:false}") boolean tls, @Value("${pipeline.redis.auth-token:}") String authToken,
                                @Value("${pipeline.redis.auth-secret-arn:}") String authSecretArn,
                                @Value("${aws.endpoints.secretsmanager:}") String secretsEndpoint) {
        RedisHistoryTier l2 = null;
        if (!host.isBlank()) {
            String token = authToken;
            if (token.isBlank() && !authSecretArn.isBlank()) {
                try (SecretsManagerClient secrets = clients.configure(SecretsManagerClient.builder(), secretsEndpoint)
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
                    token = secrets.getSecretValue(b -> b.secretId(authSecretArn)).secretString();
                }
            }
            l2 = RedisHistoryTier.withDefaults(PipelineDefaults.redisUri(host, port, tls, token));
        } else {
            LOG.info("event=redis_disabled detail=\"no pipeline.redis.host: history loads go to DynamoDB\"");
        }
        return new TieredHistoryLoader(0, Duration.ofSeconds(15), Duration.ofSeconds(25), l2, store, metrics::cache, Clock.systemUTC(),
                Duration.ofSeconds(5), com.github.benmanes.caffeine.cache.Ticker.systemTicker());
    }

    @Singleton
    @Bean(preDestroy = "close")
    RestorableInferenceClient inference(@Value("${aws.endpoints.sagemaker-runtime:}") String endpoint,
                                        @Value("${pipeline.inference.first-event-timeout:10s}") Duration firstEvent,
                                        @Value("${pipeline.inference.stream-timeout:120s}") Duration stream) {
        return new RestorableInferenceClient(() -> clients.configure(SageMakerInferenceClient.configure(SageMakerRuntimeAsyncClient.builder()), endpoint)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64)).build(),
                PipelineDefaults.gpuBreaker(), firstEvent, stream);
    }

    @Singleton
    @Bean(preDestroy = "close")
    ChatEventPublisher events(@Value("${aws.endpoints.kinesis:}") String endpoint, @Value("${pipeline.chat-events-stream}") String stream) {
        KinesisClient kinesis = clients.configure(KinesisClient.builder(), endpoint).httpClient(UrlConnectionHttpClient.create()).build();
        return ChatEventPublisher.withDefaults(new KinesisChatEventSink(kinesis, stream));
    }

    @Singleton
    TurnPipeline pipeline(DynamoDbConversationStore store, TieredHistoryLoader history, RestorableInferenceClient inference,
                          ChatEventPublisher events, @Value("${pipeline.connections-endpoint}") String connections,
                          @Value("${pipeline.sagemaker-endpoint}") String small, @Value("${pipeline.sagemaker-large-endpoint:}") String large) {
        ApiGatewayManagementApiClient management = clients.configure(ApiGatewayManagementApiClient.builder(), connections)
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(3))).build();
        ExecutorService delivery = Executors.newCachedThreadPool(DaemonThreads.named("deliver"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("flush-timer"));
        return TurnPipeline.builder().store(store).history(history).budget(PipelineDefaults.budget())
                .selector(PipelineDefaults.selector(small, large)).inference(inference)
                .replies(ReplyStreams.withDefaults(new ManagementApiConnectionSink(management), delivery, timer)).events(events).build();
    }

    @Singleton
    OverflowBatchProcessor processor(TurnPipeline pipeline, IdempotencyStore idempotency, OverflowMetrics metrics,
                                     @Value("${overflow.min-remaining:20s}") Duration minRemaining) {
        return new OverflowBatchProcessor(pipeline, idempotency, metrics, Executors.newCachedThreadPool(DaemonThreads.named("turn")), minRemaining);
    }

}
