package com.mangaassist.orchestrator.aws;

import com.mangaassist.pipeline.inference.SageMakerInferenceClient;
import com.mangaassist.pipeline.aws.AwsClientDefaults;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One SDK client per service, built once per task. In AWS they use the task role and the region;
 * locally each may point at an emulator ({@code aws.endpoints.<service>}), and then signs with
 * dummy credentials. Sync clients share connection pools sized for a task's concurrent turns.
 */
@Factory
class AwsClientsFactory {

    private final AwsClientDefaults clients;
    private final int maxConnections;

    AwsClientsFactory(@Value("${aws.region:us-east-1}") String region, @Value("${aws.local-credentials:false}") boolean localCredentials,
                      @Value("${orchestrator.capacity:64}") int capacity) {
        this.clients = new AwsClientDefaults(region, localCredentials);
        // Each running turn holds at most one connection per service at a time, plus headroom for control calls.
        this.maxConnections = Math.max(16, capacity * 2);
    }

    @Singleton
    DynamoDbClient dynamoDb(@Value("${aws.endpoints.dynamodb:}") String endpoint) {
        // DynamoDB answers in milliseconds: an attempt stuck for seconds (a dead pooled connection) is retried, not waited out.
        return clients.configure(DynamoDbClient.builder(), endpoint).httpClient(httpClient())
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(2))).build();
    }

    @Singleton
    SqsClient sqs(@Value("${aws.endpoints.sqs:}") String endpoint) {
        return clients.configure(SqsClient.builder(), endpoint).httpClient(httpClient()).build();
    }

    @Singleton
    KinesisClient kinesis(@Value("${aws.endpoints.kinesis:}") String endpoint) {
        return clients.configure(KinesisClient.builder(), endpoint).httpClient(httpClient()).build();
    }

    @Singleton
    ApiGatewayManagementApiClient managementApi(@Value("${pipeline.connections-endpoint}") String endpoint) {
        // Always an explicit endpoint: the stage's https://{api}.execute-api.{region}.amazonaws.com/{stage}.
        return clients.configure(ApiGatewayManagementApiClient.builder(), endpoint).httpClient(httpClient())
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(3))).build();
    }

    @Singleton
    SageMakerRuntimeAsyncClient sageMakerRuntime(@Value("${aws.endpoints.sagemaker-runtime:}") String endpoint) {
        return clients.configure(SageMakerInferenceClient.configure(SageMakerRuntimeAsyncClient.builder()), endpoint)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConnections)
                        .connectionAcquisitionTimeout(Duration.ofSeconds(2)))
                .build();
    }

    private software.amazon.awssdk.http.SdkHttpClient httpClient() {
        // Idle connections are dropped before common server idle timeouts (30 s and up) can close them under a request.
        return ApacheHttpClient.builder().maxConnections(maxConnections).connectionTimeout(Duration.ofSeconds(2))
                .connectionMaxIdleTime(Duration.ofSeconds(20)).build();
    }

}
