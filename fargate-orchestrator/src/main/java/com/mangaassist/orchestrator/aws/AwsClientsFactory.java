package com.mangaassist.orchestrator.aws;

import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.pipeline.assembly.AwsSettings;
import com.mangaassist.pipeline.assembly.PipelineSettings;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.pipeline.aws.AwsCallCounter;
import com.mangaassist.pipeline.aws.AwsClientDefaults;
import com.mangaassist.pipeline.inference.SageMakerInferenceClient;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One SDK client per service, built once per task. In AWS they use the task role and the region;
 * locally each may point at an emulator ({@code aws.endpoints.<service>}), and then signs with
 * dummy credentials. Sync clients share connection pools sized for a task's concurrent turns.
 */
@Factory
class AwsClientsFactory {

    private final AwsClientDefaults clients;
    private final AwsSettings.Endpoints endpoints;
    private final int maxConnections;
    /** Every client's calls are counted by service and operation ({@code aws.calls}). */
    private final AwsCallCounter calls;

    AwsClientsFactory(AwsSettings aws, OrchestratorSettings settings, OrchestratorMetrics metrics) {
        this.clients = new AwsClientDefaults(aws);
        this.calls = new AwsCallCounter(metrics::awsCall);
        this.endpoints = aws.endpoints();
        // Each running turn holds at most one connection per service at a time, plus headroom for control calls.
        this.maxConnections = Math.max(16, settings.capacity() * 2);
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDb() {
        // DynamoDB answers in milliseconds: an attempt stuck for seconds (a dead pooled connection) is retried, not waited out.
        // A stalled DynamoDB fails the call after three 2 s attempts (the gateway's client is waiting on acceptance), never after minutes.
        return calls.addTo(clients.configure(DynamoDbClient.builder(), endpoints.dynamodb()).httpClient(httpClient(Duration.ofSeconds(2)))
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(3)))).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    SqsClient sqs() {
        // A slow SQS must not hold dispatch threads: a spill that takes longer than two 2 s attempts runs here instead (ADR 0019).
        return calls.addTo(clients.configure(SqsClient.builder(), endpoints.sqs()).httpClient(httpClient(Duration.ofSeconds(2)))
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(2)))).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    KinesisClient kinesis() {
        return calls.addTo(clients.configure(KinesisClient.builder(), endpoints.kinesis()).httpClient(httpClient(Duration.ofSeconds(3)))
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(3)))).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    ApiGatewayManagementApiClient managementApi(PipelineSettings pipeline) {
        // Always an explicit endpoint: the stage's https://{api}.execute-api.{region}.amazonaws.com/{stage}.
        return calls.addTo(clients.configure(ApiGatewayManagementApiClient.builder(), pipeline.connectionsEndpoint())
                .httpClient(httpClient(Duration.ofSeconds(3)))).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    SageMakerRuntimeAsyncClient sageMakerRuntime() {
        return calls.addTo(clients.configure(SageMakerInferenceClient.configure(SageMakerRuntimeAsyncClient.builder()), endpoints.sagemakerRuntime())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConnections)
                        .connectionAcquisitionTimeout(Duration.ofSeconds(2))))
                .build();
    }

    /** Reads the origin proof secret (ADR 0027): in AWS only; local runs have a fixed proof and no Secrets Manager. */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "orchestrator.origin-proof.secret-arn", pattern = ".*\\S.*")
    SecretsManagerClient secretsManager() {
        return calls.addTo(clients.configure(SecretsManagerClient.builder(), endpoints.secretsmanager()).httpClient(httpClient(Duration.ofSeconds(2)))
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(2)))).build();
    }

    /**
     * A pooled client whose socket timeout bounds each attempt: a server that stops answering fails
     * the attempt after {@code attemptTimeout} of silence. This replaces the SDK's per-call
     * timeouts, which schedule and cancel a timer task around every call (measured with
     * bench/run-sdk-clients.sh; ADR 0024): the SDK's retry count times this bounds a call.
     */
    private SdkHttpClient httpClient(Duration attemptTimeout) {
        // Idle connections are dropped before common server idle timeouts (30 s and up) can close them under a request.
        return ApacheHttpClient.builder().maxConnections(maxConnections).connectionTimeout(Duration.ofSeconds(2)).socketTimeout(attemptTimeout)
                .connectionMaxIdleTime(Duration.ofSeconds(20)).build();
    }
}
