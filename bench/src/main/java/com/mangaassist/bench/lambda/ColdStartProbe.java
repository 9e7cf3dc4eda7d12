package com.mangaassist.bench.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mangaassist.localaws.LocalAwsClients;
import com.mangaassist.localaws.lambda.LocalLambdaContext;
import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.DynamoDbConversationStore;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.turn.MessageAttempts;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Measures the function's cold start and per-message cost in the JVM it runs in (the bench starts
 * a fresh one per sample): JVM start to handler constructed (Micronaut context, SDK clients,
 * tokenizer: what Lambda's init phase runs, and what SnapStart snapshots), the first batch (class
 * loading and first connections on the invoke path), then warm one-message batches. Configuration
 * comes from system properties, as for the handler's no-argument constructor (the class named by
 * {@code local.handler}, constructed as Lambda constructs it). Prints one JSON line.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws ReflectiveOperationException {
        int warmMessages = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long initStart = System.nanoTime();
        RequestHandler<SQSEvent, SQSBatchResponse> handler = (RequestHandler<SQSEvent, SQSBatchResponse>) Class
                .forName(System.getProperty("local.handler")).getDeclaredConstructor().newInstance();
        double initMs = (System.nanoTime() - initStart) / 1e6;
        double jvmToReadyMs = System.currentTimeMillis() - jvmStart;
        double primingMs = Boolean.getBoolean("probe.snapstart") ? checkpointAndRestore(handler) : 0;

        ConversationStore store = probeStore();
        double firstMs = invoke(handler, store);
        double[] warm = new double[warmMessages];
        for (int i = 0; i < warmMessages; i++) {
            warm[i] = invoke(handler, store);
        }
        Arrays.sort(warm);
        System.out.println(String.format(Locale.ROOT,
                "{\"jvmToHandlerReadyMs\":%.1f,\"handlerInitMs\":%.1f,\"primingMs\":%.1f,\"firstMessageMs\":%.1f,\"warmP50Ms\":%.2f,"
                        + "\"warmP99Ms\":%.2f,\"warmMessages\":%d}",
                jvmToReadyMs, initMs, primingMs, firstMs, percentile(warm, 0.50), percentile(warm, 0.99), warmMessages));
        if (handler instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("while closing the handler: " + e);
            }
        }
        System.exit(0);
    }

    /**
     * What SnapStart does around its snapshot, in this JVM (no CRaC JVM runs here): every CRaC
     * resource the function registered gets {@code beforeCheckpoint} (priming), then
     * {@code afterRestore} (clients rebuilt). The first message after it is what a restored
     * function still pays on top of the restore itself. Reflective: the function's classes are on
     * this probe's run-time class path only. Returns the milliseconds the hooks took.
     */
    private static double checkpointAndRestore(Object handler) throws ReflectiveOperationException {
        long start = System.nanoTime();
        Object context = handler.getClass().getMethod("getApplicationContext").invoke(handler);
        Class<?> resource = Class.forName("org.crac.Resource");
        java.util.Collection<?> resources = (java.util.Collection<?>) context.getClass().getMethod("getBeansOfType", Class.class)
                .invoke(context, resource);
        for (Object each : resources) {
            resource.getMethod("beforeCheckpoint", Class.forName("org.crac.Context")).invoke(each, (Object) null);
        }
        for (Object each : resources) {
            resource.getMethod("afterRestore", Class.forName("org.crac.Context")).invoke(each, (Object) null);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** The table the function runs against, reached as the orchestrator reaches it (its own client, outside the handler's timing). */
    private static ConversationStore probeStore() {
        DynamoDbClient dynamo = LocalAwsClients.local(DynamoDbClient.builder(),
                URI.create(System.getProperty(SettingNames.AWS_ENDPOINTS + ".dynamodb"))).build();
        return new DynamoDbConversationStore(dynamo, System.getProperty(SettingNames.CONVERSATION_TABLE), Clock.systemUTC(),
                Duration.ofDays(1));
    }

    private static double invoke(RequestHandler<SQSEvent, SQSBatchResponse> handler, ConversationStore store) {
        Instant now = Instant.now();
        String connection = UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "=";
        ConversationRef conversation = new ConversationRef("bench-user", "c-" + UUID.randomUUID());
        String requestId = "req-" + UUID.randomUUID();
        // Accepted and queued as the orchestrator leaves a message it spills: the function claims the attempt the queue carries.
        Acceptance acceptance = new MessageAttempts(store, TurnTimings.defaults(), Clock.systemUTC()).accept(conversation,
                new NewQuestion("m1", "recommend a samurai manga", 6, List.of(), "en", connection, requestId), AttemptStage.QUEUED);
        if (!(acceptance instanceof Acceptance.Accepted fresh)) {
            throw new IllegalStateException("a fresh conversation's first message was already there: " + acceptance);
        }
        StoredMessage accepted = fresh.message();
        OverflowMessage message = new OverflowMessage(conversation.principal(), conversation.conversationId(), "m1", accepted.index(),
                accepted.attempt(), requestId, now);
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(UUID.randomUUID().toString());
        record.setBody(OverflowMessageCodec.withDefaults().encode(message));
        record.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:bench");
        record.setAttributes(Map.of());
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        long start = System.nanoTime();
        // The invocation time the stack gives the function (a shorter one defers every turn, as it should).
        var response = handler.handleRequest(event, new LocalLambdaContext(TurnTimings.defaults().lambdaTimeout()));
        double ms = (System.nanoTime() - start) / 1e6;
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("bench message failed");
        }
        return ms;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
    }
}
