package com.mangaassist.orchestrator.pipeline;

import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.load.GpuLoad;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.pipeline.assembly.PipelineSettings;
import com.mangaassist.pipeline.assembly.TurnPipelineAssembly;
import com.mangaassist.pipeline.aws.SdkClients;
import com.mangaassist.pipeline.inference.GpuBreaker;
import com.mangaassist.pipeline.inference.SageMakerInferenceClient;
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
 * The turn pipeline as a Fargate task runs it: the one assembly both compute paths use, with this
 * task's pooled SDK clients, a 64 MB L1, and the GPU client whose answers feed the routing
 * policy's GPU reading. Its parts become beans in {@code TurnPipelineBeans}.
 */
@Factory
class PipelineFactory {

    @Singleton
    CircuitBreaker gpuBreaker() {
        return GpuBreaker.create();
    }

    @Singleton
    SageMakerInferenceClient inference(SageMakerRuntimeAsyncClient sdk, CircuitBreaker breaker, GpuLoad gpu, PipelineSettings settings) {
        return new SageMakerInferenceClient(sdk, breaker, settings.inference().firstEventTimeout(), settings.inference().streamTimeout(), 3,
                gpu::observeSaturation);
    }

    @Singleton
    @Bean(preDestroy = "close")
    TurnPipelineAssembly assembly(PipelineSettings settings, SdkClients clients, DynamoDbClient dynamo, ApiGatewayManagementApiClient management,
                                  KinesisClient kinesis, SageMakerInferenceClient inference, OrchestratorMetrics metrics) {
        TurnPipelineAssembly assembly = TurnPipelineAssembly.builder().settings(settings).dynamo(dynamo).managementApi(management)
                .kinesis(kinesis).inference(inference).cacheEvents(metrics::cache).retrievalEvents(metrics::retrieval).modelSelections(metrics::modelTier)
                .sessionOutcomes(metrics::gpuSession).ratings(metrics::rated).searchSigner(clients.defaults().searchSigner()).build();
        metrics.gauge(MetricNames.CHAT_EVENTS_DROPPED, assembly.events()::dropped);
        metrics.gauge(MetricNames.CHAT_EVENTS_PUBLISHED, assembly.events()::published);
        return assembly;
    }

    @Singleton
    FrameSender frames(TurnPipelineAssembly assembly) {
        return new FrameSender(assembly.replies());
    }
}
