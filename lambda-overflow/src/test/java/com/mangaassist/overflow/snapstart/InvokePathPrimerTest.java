package com.mangaassist.overflow.snapstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.mangaassist.pipeline.assembly.AwsSettings;
import com.mangaassist.pipeline.aws.SdkClients;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.contract.TurnTimings;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

class InvokePathPrimerTest {

    /** Nothing listens on port 9 (discard) here: a call that left the process would fail the priming. */
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");
    private static final StaticCredentialsProvider DUMMY = StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"));

    private static InvokePathPrimer primer() {
        return new InvokePathPrimer("conversations", ContextBudgetManager.withDefaults(), TurnTimings.defaults(),
                http -> DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(DUMMY).endpointOverride(NOWHERE).httpClient(http).build(),
                http -> ApiGatewayManagementApiClient.builder().region(Region.US_EAST_1).credentialsProvider(DUMMY)
                        .endpointOverride(NOWHERE.resolve("/live")).httpClient(http).build(),
                http -> KinesisClient.builder().region(Region.US_EAST_1).credentialsProvider(DUMMY).endpointOverride(NOWHERE).httpClient(http).build());
    }

    @Test
    void prime_runsEveryStepOfTheInvokePathAgainstTheTwinsInMemory() {
        // read the head, accept, read the window, answer (charging its tokens), read the usage and release (DynamoDB); ack, token
        // and done (@connections);
        // one chat event (Kinesis)
        assertThat(primer().prime()).isEqualTo(10);
    }

    @Test
    void prime_withTwinsBuiltByTheFunctionsOwnSdkClients_runsInMemoryWithoutTheirHttpClient() {
        AwsSettings aws = new AwsSettings("us-east-1", false, new AwsSettings.Endpoints(NOWHERE.toString(), null, NOWHERE.toString(), null, null, null));
        // As OverflowFactory builds them: the function's SdkClients, with dummy credentials; the function's own HTTP client is never made.
        SdkClients twins = SdkClients.lambda(aws, attemptTimeout -> {
            throw new AssertionError("a twin asked for the function's HTTP client");
        }).withCredentials(DUMMY);

        InvokePathPrimer primer = new InvokePathPrimer("conversations", ContextBudgetManager.withDefaults(), TurnTimings.defaults(), twins::dynamo,
                http -> twins.connections(NOWHERE.resolve("/live").toString(), http), twins::kinesis);

        assertThat(primer.prime()).isEqualTo(10);
    }

    @Test
    void beforeCheckpoint_whenAStepFails_logsAndLetsTheSnapshotGoOn() {
        InvokePathPrimer broken = new InvokePathPrimer("conversations", ContextBudgetManager.withDefaults(), TurnTimings.defaults(), http -> {
            throw new IllegalStateException("no DynamoDB client today");
        }, http -> null, http -> null);

        assertThatCode(() -> broken.beforeCheckpoint(null)).doesNotThrowAnyException();
    }
}
