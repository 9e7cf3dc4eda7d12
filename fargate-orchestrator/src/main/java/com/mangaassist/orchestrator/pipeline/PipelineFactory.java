package com.mangaassist.orchestrator.pipeline;

import com.mangaassist.orchestrator.admission.ConnectionRateLimiter;
import com.mangaassist.orchestrator.admission.GpuProbeGate;
import com.mangaassist.orchestrator.admission.TurnAdmission;
import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.gateway.FrameDispatcher;
import com.mangaassist.orchestrator.health.DependencyProbe;
import com.mangaassist.orchestrator.load.GpuLoad;
import com.mangaassist.orchestrator.load.LoadTracker;
import com.mangaassist.orchestrator.load.OverflowQueueMonitor;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.overflow.OverflowPublisher;
import com.mangaassist.orchestrator.turn.TurnDrain;
import com.mangaassist.orchestrator.turn.TurnExecutor;
import com.mangaassist.pipeline.conversation.ConversationTableSchema;
import com.mangaassist.pipeline.conversation.DynamoDbConversationStore;
import com.mangaassist.pipeline.conversation.HistoryTier;
import com.mangaassist.pipeline.conversation.RedisHistoryTier;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.delivery.ManagementApiConnectionSink;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.events.KinesisChatEventSink;
import com.mangaassist.pipeline.inference.SageMakerInferenceClient;
import com.mangaassist.shared.routing.RoutingPolicy;
import com.mangaassist.shared.routing.RoutingThresholds;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.pipeline.turn.ConversationResume;
import com.mangaassist.pipeline.turn.PipelineDefaults;
import com.mangaassist.pipeline.turn.ReplyStreams;
import com.mangaassist.pipeline.turn.TurnPipeline;
import com.mangaassist.shared.wire.client.ClientFrameCodec;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires the shared turn pipeline and the orchestrator's own parts from configuration: the
 * one place to read to see what a task is made of.
 */
@Factory
class PipelineFactory {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineFactory.class);

    @Singleton
    DynamoDbConversationStore store(DynamoDbClient dynamo, OrchestratorSettings settings,
                                    @Value("${pipeline.create-table:false}") boolean createTable) {
        if (createTable) {
            // Local runs only: in AWS the table belongs to the CDK stack.
            ConversationTableSchema.createIfMissing(dynamo, settings.conversationTable());
        }
        return new DynamoDbConversationStore(dynamo, settings.conversationTable(), Clock.systemUTC(), settings.conversationRetention());
    }

    @Singleton
    @Bean(preDestroy = "close")
    RedisTierHolder redisTier(@Value("${pipeline.redis.host:}") String host, @Value("${pipeline.redis.port:6379}") int port,
                              @Value("${pipeline.redis.tls:false}") boolean tls, @Value("${pipeline.redis.auth-token:}") String authToken) {
        if (host.isBlank()) {
            LOG.info("event=redis_disabled detail=\"no pipeline.redis.host: history loads go from L1 to DynamoDB\"");
            return new RedisTierHolder(null);
        }
        return new RedisTierHolder(RedisHistoryTier.withDefaults(PipelineDefaults.redisUri(host, port, tls, authToken)));
    }

    @Singleton
    TieredHistoryLoader history(RedisTierHolder redis, DynamoDbConversationStore store, OrchestratorMetrics metrics) {
        return TieredHistoryLoader.withDefaults(redis.tier(), store, metrics::cache);
    }

    @Singleton
    CircuitBreaker gpuBreaker() {
        return PipelineDefaults.gpuBreaker();
    }

    @Singleton
    GpuLoad gpuLoad(CircuitBreaker breaker) {
        // While GPU pressure sheds, one probe turn a second (GpuProbeGate) keeps the reading fresh; 10 s without any answer means no evidence.
        return new GpuLoad(breaker, System::nanoTime, Duration.ofSeconds(10));
    }

    @Singleton
    SageMakerInferenceClient inference(SageMakerRuntimeAsyncClient sdk, CircuitBreaker breaker, GpuLoad gpu,
                                       @Value("${pipeline.inference.first-event-timeout:10s}") Duration firstEvent,
                                       @Value("${pipeline.inference.stream-timeout:120s}") Duration stream) {
        return new SageMakerInferenceClient(sdk, breaker, firstEvent, stream, 2, gpu::observeSaturation);
    }

    @Singleton
    @Named("delivery")
    @Bean(preDestroy = "shutdown")
    ExecutorService delivery() {
        return Executors.newCachedThreadPool(DaemonThreads.named("deliver"));
    }

    @Singleton
    @Named("dispatch")
    @Bean(preDestroy = "shutdown")
    ExecutorService dispatch() {
        // Frames are short work (decode, decide, one SQS or @connections call); the queue absorbs bursts.
        return new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), DaemonThreads.named("dispatch"));
    }

    @Singleton
    @Bean(preDestroy = "shutdown")
    ScheduledExecutorService flushTimer() {
        return Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("flush-timer"));
    }

    @Singleton
    ReplyStreams replies(ApiGatewayManagementApiClient management, @Named("delivery") ExecutorService delivery, ScheduledExecutorService timer) {
        return ReplyStreams.withDefaults(new ManagementApiConnectionSink(management), delivery, timer);
    }

    @Singleton
    @Bean(preDestroy = "close")
    ChatEventPublisher events(KinesisClient kinesis, OrchestratorSettings settings, OrchestratorMetrics metrics) {
        ChatEventPublisher publisher = ChatEventPublisher.withDefaults(new KinesisChatEventSink(kinesis, settings.chatEventsStream()));
        metrics.gauge("chat.events.dropped", publisher::dropped);
        metrics.gauge("chat.events.published", publisher::published);
        return publisher;
    }

    @Singleton
    TurnPipeline pipeline(DynamoDbConversationStore store, TieredHistoryLoader history, SageMakerInferenceClient inference, ReplyStreams replies,
                          ChatEventPublisher events, OrchestratorSettings settings) {
        return TurnPipeline.builder().store(store).history(history)
                .budget(PipelineDefaults.budget())
                .selector(PipelineDefaults.selector(settings.smallEndpoint(), settings.largeEndpoint()))
                .inference(inference).replies(replies).events(events).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    QueueMonitorHolder queueMonitor(SqsClient sqs, OrchestratorSettings settings) {
        return new QueueMonitorHolder(settings.hasOverflowQueue() ? new OverflowQueueMonitor(sqs, settings.overflowQueueUrl(), Duration.ofSeconds(2),
                System::nanoTime) : null);
    }

    @Singleton
    LoadTracker load(OrchestratorSettings settings, QueueMonitorHolder queue, GpuLoad gpu, OrchestratorMetrics metrics) {
        LoadTracker load = new LoadTracker(settings.capacity(), queue.monitor(), gpu);
        metrics.gauge("turns.in.flight", load::inFlight);
        metrics.gauge("gpu.endpoint.saturation", gpu::saturation);
        // 0 closed, 1 open, 2 half-open (BreakerState order).
        metrics.gauge("gpu.endpoint.breaker.state", () -> gpu.breakerState().ordinal());
        if (queue.monitor() != null) {
            metrics.gauge("overflow.queue.depth", queue.monitor()::depth);
        }
        return load;
    }

    @Singleton
    TurnExecutor turns(TurnPipeline pipeline, LoadTracker load, OrchestratorMetrics metrics, OrchestratorSettings settings) {
        int threads = Math.max(1, settings.capacity());
        // Room for what the policy lets wait locally (1.25x capacity) with margin; beyond that turns are shed.
        return new TurnExecutor(pipeline, load, metrics, threads, Math.max(8, settings.capacity()));
    }

    @Singleton
    OverflowHolder overflow(SqsClient sqs, OrchestratorSettings settings, QueueMonitorHolder queue) {
        Runnable onPublished = queue.monitor() == null ? () -> { } : queue.monitor()::notePublished;
        return new OverflowHolder(settings.hasOverflowQueue()
                ? new OverflowPublisher(sqs, settings.overflowQueueUrl(), settings.overflowDeadline(), Clock.systemUTC(), onPublished) : null);
    }

    @Singleton
    FrameSender frames(ReplyStreams replies) {
        return new FrameSender(replies);
    }

    @Singleton
    ConnectionRateLimiter rateLimiter(OrchestratorSettings settings) {
        return new ConnectionRateLimiter(settings.messagesPerSecond(), settings.messageBurst(), System::nanoTime);
    }

    @Singleton
    TurnAdmission admission(OrchestratorSettings settings, RoutingThresholds thresholds, LoadTracker load, TurnExecutor turns,
                            OverflowHolder overflow, ConnectionRateLimiter rateLimiter, FrameSender frames, OrchestratorMetrics metrics) {
        RoutingPolicy policy = new RoutingPolicy(thresholds, settings.spillMode());
        LOG.info("event=routing_configured spillMode={} capacity={} thresholds=\"{}\"", settings.spillMode(), settings.capacity(), thresholds);
        metrics.gauge("routing.pressure.task", () -> policy.pressure().task() ? 1 : 0);
        metrics.gauge("routing.pressure.gpu", () -> policy.pressure().gpu() ? 1 : 0);
        metrics.gauge("routing.pressure.overflow.backlogged", () -> policy.pressure().overflowBacklogged() ? 1 : 0);
        return new TurnAdmission(policy, load, turns, overflow.publisher(), rateLimiter, frames, metrics,
                new GpuProbeGate(Duration.ofSeconds(1), System::nanoTime));
    }

    @Singleton
    FrameDispatcher dispatcher(TurnAdmission admission, DynamoDbConversationStore store, ConnectionRateLimiter rateLimiter, FrameSender frames,
                               OrchestratorMetrics metrics) {
        return new FrameDispatcher(ClientFrameCodec.withDefaults(), admission, ConversationResume.withDefaults(store), rateLimiter, frames, metrics);
    }

    @Singleton
    TurnDrain drain(TurnAdmission admission, TurnExecutor turns, OverflowHolder overflow, FrameSender frames, OrchestratorMetrics metrics,
                    OrchestratorSettings settings) {
        return new TurnDrain(admission, turns, overflow.publisher(), frames, metrics, settings.drainTimeout());
    }

    @Singleton
    @Bean(preDestroy = "close")
    DependencyProbe dependencies(DynamoDbClient dynamo, SqsClient sqs, OrchestratorSettings settings) {
        Map<String, java.util.function.Supplier<Boolean>> checks = new LinkedHashMap<>();
        checks.put("conversation table", () -> dynamo.describeTable(b -> b.tableName(settings.conversationTable())).table() != null);
        if (settings.hasOverflowQueue()) {
            checks.put("overflow queue", () -> {
                sqs.getQueueAttributes(b -> b.queueUrl(settings.overflowQueueUrl()));
                return true;
            });
        }
        return new DependencyProbe(checks, Duration.ofSeconds(5));
    }


    /** Optional parts as beans: Micronaut beans cannot be null, and these are absent by configuration. */
    record RedisTierHolder(HistoryTier tier) implements AutoCloseable {
        @Override
        public void close() {
            if (tier instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("event=redis_close_failed detail=\"{}\"", e.toString());
                }
            }
        }
    }

    record QueueMonitorHolder(OverflowQueueMonitor monitor) implements AutoCloseable {
        @Override
        public void close() {
            if (monitor != null) {
                monitor.close();
            }
        }
    }

    record OverflowHolder(OverflowPublisher publisher) {
    }
}
