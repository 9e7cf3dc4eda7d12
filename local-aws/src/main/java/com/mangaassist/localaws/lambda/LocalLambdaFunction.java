package com.mangaassist.localaws.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mangaassist.localaws.LocalAwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SQS-triggered function as Lambda runs it, on one machine: the real handler class, constructed
 * with its no-argument constructor exactly as Lambda constructs it (so it reads its configuration
 * from system properties standing in for the function's environment), fed by
 * {@link LocalEventSourcePoller}. The function's own artifact never contains this class; the local
 * stack puts both on one classpath.
 *
 * <p>Properties: {@code local.handler} (the handler class), {@code local.sqs-endpoint},
 * {@code local.queue-url}, {@code local.batch-size} (10), {@code local.concurrency} (4),
 * {@code local.function-timeout} (90s, as {@code TurnTimings} derives it). Prints {@value #READY} once polling.
 */
public final class LocalLambdaFunction {

    /** The line launchers wait for. */
    public static final String READY = "function ready";

    private LocalLambdaFunction() {
    }

    public static void main(String[] args) throws Exception {
        RequestHandler<SQSEvent, SQSBatchResponse> handler = handler(required("local.handler"));
        SqsClient sqs = LocalAwsClients.local(SqsClient.builder(), URI.create(required("local.sqs-endpoint")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        LocalEventSourcePoller poller = new LocalEventSourcePoller(sqs, required("local.queue-url"), handler,
                Integer.getInteger("local.batch-size", 10), duration(System.getProperty("local.function-timeout", "90s")),
                Integer.getInteger("local.concurrency", 4));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            poller.close();
            if (handler instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("while closing the handler: " + e);
                }
            }
            sqs.close();
            stopped.countDown();
        }, "function-shutdown"));
        System.out.println(READY);
        stopped.await();
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<SQSEvent, SQSBatchResponse> handler(String className) throws ReflectiveOperationException {
        Object handler = Class.forName(className).getDeclaredConstructor().newInstance();
        if (!(handler instanceof RequestHandler<?, ?>)) {
            throw new IllegalArgumentException(className + " is not a RequestHandler<SQSEvent, SQSBatchResponse>");
        }
        return (RequestHandler<SQSEvent, SQSBatchResponse>) handler;
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("system property " + name + " is required");
        }
        return value;
    }

    static Duration duration(String text) {
        return Duration.parse("PT" + text.strip().toUpperCase(Locale.ROOT));
    }
}
