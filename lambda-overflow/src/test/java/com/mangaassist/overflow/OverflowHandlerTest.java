package com.mangaassist.overflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mangaassist.localaws.LocalAwsClients;
import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.lambda.LocalEventSourcePoller;
import com.mangaassist.localaws.lambda.LocalLambdaContext;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.ClaimRule;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.delivery.ManagementApiConnectionSink;
import com.mangaassist.pipeline.delivery.ReplyStreams;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.inference.InferenceStreamer;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnIntake;
import com.mangaassist.pipeline.turn.TurnPipeline;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.model.ModelSelector;
import com.mangaassist.shared.wire.events.ChatEventCodec;
import com.mangaassist.shared.wire.inference.FinishReason;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Usage;
import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The real handler class against ElasticMQ, DynamoDB Local (HTTP), Redis, kinesalite, the
 * gpu-endpoint (simulated GPU) and a recording {@code @connections} API.
 */
class OverflowHandlerTest {

    private static final OverflowMessageCodec CODEC = OverflowMessageCodec.withDefaults();
    private static final ServerFrameCodec FRAMES = ServerFrameCodec.withDefaults();
    private static final TurnTimings TIMINGS = TurnTimings.defaults();
    private static final Duration ENOUGH_TIME = TIMINGS.lambdaTimeout();

    private static LocalAwsStack aws;
    private static SimulatedGpuFleet gpu;
    private static OverflowHandler handler;

    @BeforeAll
    static void start() {
        aws = LocalAwsStack.start();
        gpu = SimulatedGpuFleet.start("gpu-overflow", 32, Duration.ofMillis(1));
        Map<String, Object> props = new HashMap<>(aws.serviceProperties());
        props.put("aws.endpoints.sagemaker-runtime", gpu.runtimeEndpoint());
        handler = new OverflowHandler(ApplicationContext.builder().properties(props));
    }

    @AfterAll
    static void stop() {
        if (handler != null) {
            handler.close();
        }
        if (gpu != null) {
            gpu.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    /** What the orchestrator does before a spill: the question stored (attempt 1, queued), then the queue message for that attempt. */
    private static OverflowMessage spilled(String connection, String conversation, String messageId) {
        StoredMessage message = ((Acceptance.Accepted) store().accept(new ConversationRef("user-a", conversation),
                new NewQuestion(messageId, "recommend a samurai manga", 6, List.of(), "en", connection, "req-" + messageId),
                Lease.queued(Instant.now().plus(TIMINGS.queuedLease())))).message();
        return new OverflowMessage("user-a", conversation, messageId, message.index(), message.attempt(), "req-" + messageId, Instant.now());
    }

    private static SQSEvent.SQSMessage record(String body, String arn, String group) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(UUID.randomUUID().toString());
        record.setBody(body);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(arn);
        record.setAttributes(group == null ? Map.of("ApproximateReceiveCount", "1") : Map.of("MessageGroupId", group));
        return record;
    }

    private static SQSEvent.SQSMessage record(OverflowMessage message) {
        return record(CODEC.encode(message), "arn:aws:sqs:us-east-1:000000000000:" + LocalAwsStack.QUEUE, null);
    }

    private static SQSBatchResponse invoke(Duration timeout, SQSEvent.SQSMessage... records) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(records));
        return handler.handleRequest(event, new LocalLambdaContext(timeout));
    }

    private static List<String> failures(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private static List<ServerFrame> frames(String connection) {
        return aws.connections().bodiesFor(connection).stream().map(body -> FRAMES.decode(body).value()).toList();
    }

    private static ConversationStore store() {
        return handler.getApplicationContext().getBean(ConversationStore.class);
    }

    private static List<StoredMessage> stored(String conversation) {
        return store().messagesFrom(new ConversationRef("user-a", conversation), 1);
    }

    private static String connection() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "=";
    }

    @Test
    void batch_withOneBadAndTwoGoodMessages_answersTheGoodAndReportsOnlyTheBad() {
        String first = connection();
        String second = connection();
        SQSEvent.SQSMessage poison = record("{\"schemaVersion\":99}", "arn:aws:sqs:us-east-1:000000000000:q", null);

        SQSBatchResponse response = invoke(ENOUGH_TIME, record(spilled(first, "c-" + UUID.randomUUID(), "m1")), poison,
                record(spilled(second, "c-" + UUID.randomUUID(), "m1")));

        assertThat(failures(response)).containsExactly(poison.getMessageId());
        assertThat(frames(first)).first().isEqualTo(new Ack("m1", 0, 2, 1));
        assertThat(frames(first)).last().isInstanceOfSatisfying(Done.class, done -> {
            assertThat(done.route()).isEqualTo(Route.OVERFLOW);
            assertThat(done.attempt()).isEqualTo(2);
        });
        assertThat(frames(second)).last().isInstanceOf(Done.class);
    }

    @Test
    void poisonMessage_reachesTheDlqAfterMaxReceiveCountWhileGoodOnesAreDeleted() {
        aws.sqs().setQueueAttributes(b -> b.queueUrl(aws.queueUrl()).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")));
        String good = connection();
        aws.sqs().sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody("not json at all"));
        aws.sqs().sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody(CODEC.encode(spilled(good, "c-" + UUID.randomUUID(), "m1"))));

        try (LocalEventSourcePoller poller = new LocalEventSourcePoller(aws.sqs(), aws.queueUrl(), handler, 10, ENOUGH_TIME, 2)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !aws.sqs().receiveMessage(b -> b.queueUrl(aws.dlqUrl()).visibilityTimeout(0))
                    .messages().isEmpty());
            assertThat(frames(good)).filteredOn(Done.class::isInstance).hasSize(1);
            assertThat(poller.invocations()).isGreaterThanOrEqualTo(TIMINGS.maxReceives());
        } finally {
            aws.sqs().setQueueAttributes(b -> b.queueUrl(aws.queueUrl()).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
                    Long.toString(TIMINGS.visibilityTimeout().toSeconds()))));
        }
        assertThat(aws.sqs().receiveMessage(b -> b.queueUrl(aws.dlqUrl()).visibilityTimeout(0)).messages())
                .singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("not json at all"));
    }

    @Test
    void redelivery_ofAnAnsweredMessage_neitherAnswersNorStoresTwice() {
        String connection = connection();
        String conversation = "c-" + UUID.randomUUID();
        SQSEvent.SQSMessage record = record(spilled(connection, conversation, "m1"));

        assertThat(failures(invoke(ENOUGH_TIME, record))).isEmpty();
        // The function "timed out" before SQS heard of the success: the same message comes again.
        assertThat(failures(invoke(ENOUGH_TIME, record))).isEmpty();

        assertThat(frames(connection)).filteredOn(Done.class::isInstance).hasSize(1);
        assertThat(frames(connection)).filteredOn(Ack.class::isInstance).hasSize(1);
        assertThat(stored(conversation)).singleElement().satisfies(m -> assertThat(m.state()).isEqualTo(MessageState.ANSWERED));
    }

    @Test
    void redelivery_whileALaterAttemptIsLive_leavesTheMessageToItAndSendsNothing() {
        String connection = connection();
        String conversation = "c-" + UUID.randomUUID();
        OverflowMessage message = spilled(connection, conversation, "m1");
        // The first delivery's invocation claimed attempt 2 and still runs it.
        store().claim(stored(conversation).get(0).key(), new ClaimRule.IfStillAttempt(1), Lease.running(Instant.now().plusSeconds(80)), null);

        assertThat(failures(invoke(ENOUGH_TIME, record(message)))).isEmpty();

        assertThat(frames(connection)).isEmpty();
        assertThat(stored(conversation).get(0).state()).isEqualTo(MessageState.PENDING);
    }

    @Test
    void turnWithTooLittleTimeLeft_isLeftForRedeliveryUnclaimed() {
        String connection = connection();
        String conversation = "c-" + UUID.randomUUID();
        SQSEvent.SQSMessage record = record(spilled(connection, conversation, "m1"));

        assertThat(failures(invoke(TIMINGS.minRemainingToStart().minusSeconds(1), record))).containsExactly(record.getMessageId());
        assertThat(frames(connection)).isEmpty();
        assertThat(stored(conversation).get(0).attempt()).isEqualTo(1);
    }

    @Test
    void vanishedConnection_stillGetsItsAnswerStoredForResume() {
        String connection = connection();
        String conversation = "c-" + UUID.randomUUID();
        aws.connections().markGone(connection);

        assertThat(failures(invoke(ENOUGH_TIME, record(spilled(connection, conversation, "m1"))))).isEmpty();

        assertThat(stored(conversation)).singleElement().satisfies(m -> assertThat(m.state()).isEqualTo(MessageState.ANSWERED));
        assertThat(frames(connection)).isEmpty();
    }

    @Test
    void fifoBatch_whenAMessageFails_failsTheRestOfItsGroupOnly() {
        String fifo = "arn:aws:sqs:us-east-1:000000000000:overflow.fifo";
        String groupB = connection();
        SQSEvent.SQSMessage a1 = record("{broken", fifo, "conversation-a");
        SQSEvent.SQSMessage a2 = record(CODEC.encode(spilled(connection(), "c-" + UUID.randomUUID(), "m2")), fifo, "conversation-a");
        SQSEvent.SQSMessage b1 = record(CODEC.encode(spilled(groupB, "c-" + UUID.randomUUID(), "m1")), fifo, "conversation-b");

        SQSBatchResponse response = invoke(ENOUGH_TIME, a1, a2, b1);

        assertThat(failures(response)).containsExactly(a1.getMessageId(), a2.getMessageId());
        assertThat(frames(groupB)).last().isInstanceOf(Done.class);
    }

    @Test
    void invocation_returnsOnlyOnceItsChatEventsReachedTheStream() {
        String conversation = "c-" + UUID.randomUUID();

        invoke(ENOUGH_TIME, record(spilled(connection(), conversation, "m1")));

        // No waiting: the environment may be frozen the moment the handler returns.
        assertThat(streamedConversations()).contains(conversation);
    }

    @Test
    void turnAnsweredHere_isInTheNextPromptTheOrchestratorBuilds() {
        String conversation = "c-" + UUID.randomUUID();
        ConversationRef ref = new ConversationRef("user-a", conversation);
        List<InferenceRequest> prompts = new CopyOnWriteArrayList<>();
        TurnPipeline orchestratorPath = orchestratorPipeline(prompts);
        TurnIntake intake = new TurnIntake(store(), TieredHistoryLoader.withDefaults(null, store(), event -> { }), ContextBudgetManager.withDefaults().counter(),
                TIMINGS, Clock.systemUTC());
        orchestratorPath.run(started(intake, ref, "m1", "hello"));

        invoke(ENOUGH_TIME, record(spilled(connection(), conversation, "m2")));
        orchestratorPath.run(started(intake, ref, "m3", "and then?"));

        List<String> lastPrompt = new ArrayList<>();
        prompts.get(1).history().forEach(turn -> lastPrompt.add(turn.text()));
        assertThat(lastPrompt).hasSize(4).contains("recommend a samurai manga");
        assertThat(stored(conversation).get(1).answer().route()).isEqualTo(Route.OVERFLOW);
    }

    private static TurnCommand started(TurnIntake intake, ConversationRef ref, String messageId, String text) {
        TurnIntake.Received.Started started = (TurnIntake.Received.Started) intake.receive(ref,
                new com.mangaassist.shared.wire.client.SendMessage(ref.conversationId(), messageId, text, "en"), connection(), "req", AttemptStage.RUNNING);
        return new TurnCommand(started.message(), Route.BASELINE, null, null, started.version(), false);
    }

    private static List<String> streamedConversations() {
        var kinesis = aws.kinesis();
        String shard = kinesis.listShards(b -> b.streamName(LocalAwsStack.STREAM)).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName(LocalAwsStack.STREAM).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        ChatEventCodec codec = new ChatEventCodec();
        List<String> conversations = new ArrayList<>();
        kinesis.getRecords(b -> b.shardIterator(iterator).limit(10_000)).records()
                .forEach(r -> conversations.add(codec.decode(r.data().asByteArray()).value().conversationId()));
        return conversations;
    }

    /** The orchestrator's configuration of the shared pipeline: an L1 cache in front of the same store. */
    private static TurnPipeline orchestratorPipeline(List<InferenceRequest> prompts) {
        ApiGatewayManagementApiClient management = LocalAwsClients.local(ApiGatewayManagementApiClient.builder(), aws.connections().endpoint())
                .httpClient(UrlConnectionHttpClient.create()).build();
        InferenceStreamer recording = (endpoint, request, listener, within) -> {
            prompts.add(request);
            listener.onToken("noted");
            return new InferenceChunk.EndChunk(FinishReason.STOP, new Usage(10, 1), false, 0, false);
        };
        return TurnPipeline.builder().store(store()).history(TieredHistoryLoader.withDefaults(null, store(), event -> { }))
                .budget(ContextBudgetManager.withDefaults()).selector(ModelSelector.forEndpoints("mangaassist-small", null)).inference(recording)
                .replies(ReplyStreams.withDefaults(new ManagementApiConnectionSink(management), Executors.newCachedThreadPool(),
                        Executors.newSingleThreadScheduledExecutor()))
                .events(new ChatEventPublisher(batch -> List.of(), 10, 10, Duration.ofMillis(10))).build();
    }
}
