package com.mangaassist.overflow.local;

import com.mangaassist.overflow.OverflowHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The overflow function as the local stack runs it: the real handler (configured from system
 * properties, as Lambda configures it from the environment) fed by {@link LocalEventSourcePoller}.
 * Properties: {@code local.sqs-endpoint}, {@code local.queue-url}, {@code local.batch-size} (10),
 * {@code local.concurrency} (4), {@code local.function-timeout} (60s). Prints
 * {@code overflow function ready} once polling.
 */
public final class LocalOverflowFunction {

    private LocalOverflowFunction() {
    }

    public static void main(String[] args) throws InterruptedException {
        OverflowHandler handler = new OverflowHandler();
        SqsClient sqs = SqsClient.builder().endpointOverride(java.net.URI.create(System.getProperty("local.sqs-endpoint")))
                .region(Region.of(System.getProperty("aws.region", "us-east-1"))).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        LocalEventSourcePoller poller = new LocalEventSourcePoller(sqs, System.getProperty("local.queue-url"), handler,
                Integer.getInteger("local.batch-size", 10), Duration.parse("PT" + System.getProperty("local.function-timeout", "60s").toUpperCase()),
                Integer.getInteger("local.concurrency", 4));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            poller.close();
            handler.close();
            sqs.close();
            stopped.countDown();
        }, "overflow-shutdown"));
        System.out.println("overflow function ready");
        stopped.await();
    }
}
