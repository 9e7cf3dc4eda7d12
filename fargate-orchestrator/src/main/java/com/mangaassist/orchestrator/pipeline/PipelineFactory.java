package com.mangaassist.orchestrator.pipeline;

import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.load.GpuLoad;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.pipeline.assembly.AwsSettings;
import com.mangaassist.pipeline.assembly.PipelineSettings;
import com.mangaassist.pipeline.assembly.TurnPipelineAssembly;
import com.mangaassist.pipeline.aws.AwsClientDefaults;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.inference.SageMakerInferenceClient;
import com.mangaassist.pipeline.turn.ConversationResume;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.pipeline.turn.PipelineDefaults;
import com.mangaassist.pipeline.turn.TurnIntake;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.contract.MetricNames;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/**
 * The shared turn pipeline as a Fargate task runs it: the one assembly both compute paths use,
 * with this task's pooled SDK clients, a 64 MB L1, and the GPU client whose answers
 * feed the routing policy's GPU reading.
 */
@Factory
class PipelineFactory {

    @Singleton
    TurnIntake intake(TurnPipelineAssembly assembly) {
        return assembly.intake();
    }

    @Singleton
    MessageAttempts attempts(TurnPipelineAssembly assembly) {
        return assembly.attempts();
    }

    @Singleton
    CircuitBreaker gpuBreaker() {
        return PipelineDefaults.gpuBreaker();
    }

    @Singleton
    SageMakerInferenceClient inference(SageMakerRuntimeAsyncClient sdk, CircuitBreaker breaker, GpuLoad gpu, PipelineSettings settings) {
        return new SageMakerInferenceClient(sdk, breaker, settings.inference().firstEventTimeout(), settings.inference().streamTimeout(), 3,
                gpu::observeSaturation);
    }

    @Singleton
    @Bean(preDestroy = "close")
    TurnPipelineAssembly assembly(PipelineSettings settings, AwsSettings aws, DynamoDbClient dynamo, ApiGatewayManagementApiClient management,
                                  KinesisClient kinesis, SageMakerInferenceClient inference, OrchestratorMetrics metrics) {
        TurnPipelineAssembly assembly = TurnPipelineAssembly.builder().settings(settings).dynamo(dynamo).managementApi(management)
                .kinesis(kinesis).inference(inference).cacheEvents(metrics::cache).retrievalEvents(metrics::retrieval).modelSelections(metrics::modelTier).sessionOutcomes(metrics::gpuSession)
                .searchSigner(new AwsClientDefaults(aws).searchSigner()).build();
        metrics.gauge(MetricNames.CHAT_EVENTS_DROPPED, assembly.events()::dropped);
        metrics.gauge(MetricNames.CHAT_EVENTS_PUBLISHED, assembly.events()::published);
        return assembly;
    }

    @Singleton
    ConversationStore store(TurnPipelineAssembly assembly) {
        return assembly.store();
    }

    @Singleton
    TurnRunner turns(TurnPipelineAssembly assembly) {
        return assembly.pipeline();
    }

    @Singleton
    ConversationResume resume(TurnPipelineAssembly assembly) {
        return assembly.resume();
    }

    @Singleton
    FrameSender frames(TurnPipelineAssembly assembly) {
        return new FrameSender(assembly.replies());
    }
}
