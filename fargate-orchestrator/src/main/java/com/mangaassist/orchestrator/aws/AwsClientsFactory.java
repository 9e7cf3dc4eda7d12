package com.mangaassist.orchestrator.aws;

import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.pipeline.assembly.AwsSettings;
import com.mangaassist.pipeline.assembly.PipelineSettings;
import com.mangaassist.pipeline.aws.AwsCallCounter;
import com.mangaassist.pipeline.aws.CallLimits;
import com.mangaassist.pipeline.aws.SdkClients;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One SDK client per service, built once per task by {@link SdkClients} (their limits are
 * {@link CallLimits}'). In AWS they use the task role and the region; locally each may point at
 * an emulator ({@code aws.endpoints.<service>}) and sign with dummy credentials. The task's HTTP
 * clients are pooled Apache clients sized for its concurrent turns; every call is counted by
 * service and operation ({@code aws.calls}).
 */
@Factory
class AwsClientsFactory {

    /** Idle pooled connections are dropped before common server idle timeouts (30 s and up) can close them under a request. */
    private static final Duration MAX_IDLE = Duration.ofSeconds(20);

    private final SdkClients clients;

    AwsClientsFactory(AwsSettings aws, OrchestratorSettings settings, OrchestratorMetrics metrics) {
        int maxConnections = SdkClients.connectionsFor(settings.capacity());
        this.clients = SdkClients.fargate(aws, attemptTimeout -> ApacheHttpClient.builder().maxConnections(maxConnections)
                .connectionTimeout(SdkClients.CONNECT_TIMEOUT).socketTimeout(attemptTimeout).connectionMaxIdleTime(MAX_IDLE).build(),
                settings.capacity(), new AwsCallCounter(metrics::awsCall));
    }

    @Singleton
    SdkClients sdkClients() {
        return clients;
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDb() {
        return clients.dynamo();
    }

    @Singleton
    @Bean(preDestroy = "close")
    SqsClient sqs() {
        return clients.sync(SqsClient.builder(), clients.endpoints().sqs(), CallLimits.SQS).build();
    }

    @Singleton
    @Bean(preDestroy = "close")
    KinesisClient kinesis() {
        return clients.kinesis();
    }

    @Singleton
    @Bean(preDestroy = "close")
    ApiGatewayManagementApiClient managementApi(PipelineSettings pipeline) {
        return clients.connections(pipeline.connectionsEndpoint());
    }

    @Singleton
    @Bean(preDestroy = "close")
    SageMakerRuntimeAsyncClient sageMakerRuntime() {
        return clients.sageMakerRuntime();
    }

    /** Reads the origin proof secret (ADR 0027): in AWS only; local runs have a fixed proof and no Secrets Manager. */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "orchestrator.origin-proof.secret-arn", pattern = ".*\\S.*")
    SecretsManagerClient secretsManager() {
        return clients.sync(SecretsManagerClient.builder(), clients.endpoints().secretsmanager(), CallLimits.SECRETS_MANAGER).build();
    }
}
