package com.mangaassist.overflow;

import com.mangaassist.overflow.batch.OverflowBatchProcessor;
import com.mangaassist.overflow.metrics.EmfOverflowMetrics;
import com.mangaassist.overflow.metrics.OverflowMetrics;
import com.mangaassist.overflow.snapstart.InvokePathPrimer;
import com.mangaassist.pipeline.assembly.AwsSettings;
import com.mangaassist.pipeline.assembly.PipelineSettings;
import com.mangaassist.pipeline.assembly.TurnPipelineAssembly;
import com.mangaassist.pipeline.aws.AwsClientDefaults;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.inference.SageMakerInferenceClient;
import com.mangaassist.pipeline.turn.PipelineDefaults;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.runtime.DaemonThreads;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The overflow function's parts, built once per execution environment (and so captured in the
 * SnapStart snapshot): the turn pipeline's one assembly, fed with lean clients (sync clients on the
 * JDK's URL connection client: no pool threads, the fastest to initialize), the default
 * credentials chain (a SnapStart-restored function gets its credentials from the container
 * endpoint, not from variables), and no L1 cache (an environment's memory does not outlive its
 * burst; Redis is the shared tier).
 */
@Factory
class OverflowFactory {

    private final AwsClientDefaults clients;
    private final AwsSettings.Endpoints endpoints;

    OverflowFactory(AwsSettings aws) {
        this.clients = new AwsClientDefaults(aws);
        this.endpoints = aws.endpoints();
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamo() {
        return dynamoBuilder(UrlConnectionHttpClient.create()).build();
    }

    /** DynamoDB answers in milliseconds: an attempt stuck for seconds is retried, not waited out. */
    private DynamoDbClientBuilder dynamoBuilder(SdkHttpClient http) {
        return clients.configure(DynamoDbClient.builder(), endpoints.dynamodb()).httpClient(http)
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(2)));
    }

    private ApiGatewayManagementApiClientBuilder connectionsBuilder(SdkHttpClient http, PipelineSettings settings) {
        return clients.configure(ApiGatewayManagementApiClient.builder(), settings.connectionsEndpoint()).httpClient(http)
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(3)));
    }

    private KinesisClientBuilder kinesisBuilder(SdkHttpClient http) {
        return clients.configure(KinesisClient.builder(), endpoints.kinesis()).httpClient(http);
    }

    /**
     * SnapStart priming of the invoke path (registered with CRaC; it runs before the snapshot):
     * twins of the function's clients, built by the same builders with dummy credentials, so
     * priming neither reaches AWS nor resolves the function's credentials into the snapshot.
     */
    @Singleton
    InvokePathPrimer primer(PipelineSettings settings, TurnPipelineAssembly assembly) {
        StaticCredentialsProvider dummy = StaticCredentialsProvider.create(AwsBasicCredentials.create("snapstart-priming", "snapstart-priming"));
        return new InvokePathPrimer(settings.conversationTable(), assembly.budget(), assembly.timings(), http -> dynamoBuilder(http).credentialsProvider(dummy).build(),
                http -> connectionsBuilder(http, settings).credentialsProvider(dummy).build(),
                http -> kinesisBuilder(http).credentialsProvider(dummy).build());
    }

    @Singleton
    OverflowMetrics metrics(@Value("${" + SettingNames.METRICS_DEPLOYMENT + ":local}") String deployment) {
        return new EmfOverflowMetrics(deployment.strip());
    }

    @Singleton
    @Bean(preDestroy = "close")
    RestorableInferenceClient inference(PipelineSettings settings) {
        return new RestorableInferenceClient(() -> clients.configure(SageMakerInferenceClient.configure(SageMakerRuntimeAsyncClient.builder()),
                endpoints.sagemakerRuntime()).httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64)).build(),
                PipelineDefaults.gpuBreaker(), settings.inference().firstEventTimeout(), settings.inference().streamTimeout());
    }

    @Singleton
    @Bean(preDestroy = "close")
    TurnPipelineAssembly assembly(PipelineSettings settings, DynamoDbClient dynamo, RestorableInferenceClient inference, OverflowMetrics metrics) {
        ApiGatewayManagementApiClient management = connectionsBuilder(UrlConnectionHttpClient.create(), settings).build();
        KinesisClient kinesis = kinesisBuilder(UrlConnectionHttpClient.create()).build();
        return TurnPipelineAssembly.builder().settings(settings).dynamo(dynamo).managementApi(management).kinesis(kinesis)
                .inference(inference).l1MaxBytes(0).cacheEvents(metrics::cache).retrievalEvents(metrics::retrieval).modelSelections(metrics::modelTier).sessionOutcomes(metrics::gpuSession).searchSigner(clients.searchSigner())
                .secretResolver(this::secret).build();
    }

    /** The Redis token, read once at init from Secrets Manager (before the snapshot, so restores do not pay for it). */
    private String secret(String arn) {
        try (SecretsManagerClient secrets = clients.configure(SecretsManagerClient.builder(), endpoints.secretsmanager())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return secrets.getSecretValue(b -> b.secretId(arn)).secretString();
        }
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
    ChatEventPublisher events(TurnPipelineAssembly assembly) {
        return assembly.events();
    }

    @Singleton
    OverflowBatchProcessor processor(TurnRunner turns, OverflowMetrics metrics, TurnPipelineAssembly assembly) {
        return new OverflowBatchProcessor(turns, assembly.attempts(), metrics, Executors.newCachedThreadPool(DaemonThreads.named("turn")),
                Clock.systemUTC());
    }
}
