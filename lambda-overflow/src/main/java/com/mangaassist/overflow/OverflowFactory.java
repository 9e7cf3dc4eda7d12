package com.mangaassist.overflow;

import com.mangaassist.overflow.batch.OverflowBatchProcessor;
import com.mangaassist.overflow.metrics.EmfOverflowMetrics;
import com.mangaassist.overflow.metrics.OverflowMetrics;
import com.mangaassist.overflow.snapstart.InvokePathPrimer;
import com.mangaassist.pipeline.assembly.AwsSettings;
import com.mangaassist.pipeline.assembly.PipelineSettings;
import com.mangaassist.pipeline.assembly.TurnPipelineAssembly;
import com.mangaassist.pipeline.aws.CallLimits;
import com.mangaassist.pipeline.aws.SdkClients;
import com.mangaassist.pipeline.inference.GpuBreaker;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.runtime.DaemonThreads;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The overflow function's parts, built once per execution environment (and so captured in the
 * SnapStart snapshot): the turn pipeline's one assembly, fed with the Lambda's lean clients
 * ({@link SdkClients#lambda}: the JDK's URL connection client), the default credentials chain (a SnapStart-restored function gets its credentials from the container
 * endpoint, not from variables), and no L1 cache (an environment's memory does not outlive its
 * burst; Redis is the shared tier).
 */
@Factory
class OverflowFactory {

    private final SdkClients clients;

    OverflowFactory(AwsSettings aws) {
        this.clients = SdkClients.lambda(aws,
                attemptTimeout -> UrlConnectionHttpClient.builder().connectionTimeout(SdkClients.CONNECT_TIMEOUT).socketTimeout(attemptTimeout).build());
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamo() {
        return clients.dynamo();
    }

    /**
     * SnapStart priming of the invoke path (registered with CRaC; it runs before the snapshot):
     * twins of the function's clients, built by the same {@link SdkClients} with dummy credentials,
     * so priming neither reaches AWS nor resolves the function's credentials into the snapshot.
     */
    @Singleton
    InvokePathPrimer primer(PipelineSettings settings, TurnPipelineAssembly assembly) {
        SdkClients twins = clients.withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("snapstart-priming", "snapstart-priming")));
        return new InvokePathPrimer(settings.conversationTable(), assembly.budget(), assembly.timings(), twins::dynamo,
                http -> twins.connections(settings.connectionsEndpoint(), http), twins::kinesis);
    }

    @Singleton
    OverflowMetrics metrics(@Value("${" + SettingNames.METRICS_DEPLOYMENT + ":local}") String deployment) {
        return new EmfOverflowMetrics(deployment.strip());
    }

    @Singleton
    @Bean(preDestroy = "close")
    RestorableInferenceClient inference(PipelineSettings settings) {
        return new RestorableInferenceClient(clients::sageMakerRuntime, GpuBreaker.create(), settings.inference().firstEventTimeout(),
                settings.inference().streamTimeout());
    }

    @Singleton
    @Bean(preDestroy = "close")
    TurnPipelineAssembly assembly(PipelineSettings settings, DynamoDbClient dynamo, RestorableInferenceClient inference, OverflowMetrics metrics) {
        return TurnPipelineAssembly.builder().settings(settings).dynamo(dynamo).managementApi(clients.connections(settings.connectionsEndpoint()))
                .kinesis(clients.kinesis()).inference(inference).l1MaxBytes(0).cacheEvents(metrics::cache).retrievalEvents(metrics::retrieval)
                .modelSelections(metrics::modelTier).sessionOutcomes(metrics::gpuSession).searchSigner(clients.defaults().searchSigner())
                .secretResolver(this::secret).build();
    }

    /** The Redis token, read once at init from Secrets Manager (before the snapshot, so restores do not pay for it). */
    private String secret(String arn) {
        try (SecretsManagerClient secrets = clients.sync(SecretsManagerClient.builder(), clients.endpoints().secretsmanager(),
                CallLimits.SECRETS_MANAGER).build()) {
            return secrets.getSecretValue(b -> b.secretId(arn)).secretString();
        }
    }

    @Singleton
    OverflowBatchProcessor processor(TurnRunner turns, OverflowMetrics metrics, TurnPipelineAssembly assembly) {
        return new OverflowBatchProcessor(turns, assembly.attempts(), metrics, Executors.newCachedThreadPool(DaemonThreads.named("turn")),
                Clock.systemUTC());
    }
}
