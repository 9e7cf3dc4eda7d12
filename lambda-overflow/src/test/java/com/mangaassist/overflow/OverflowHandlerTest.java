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
import com.mangaassist.overflow.idempotency.IdempotencyStore;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.delivery.ManagementApiConnectionSink;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.inference.InferenceStreamer;
import com.mangaassist.pipeline.turn.PipelineDefaults;
import com.mangaassist.pipeline.turn.ReplyStreams;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnPipeline;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.inference.FinishReason;
import com.mangaassist.shared.wire.inference.InferenceChunk;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import com.mangaassist.shared.wire.overflow.OverflowMessage;
import com.mangaassist.shared.wire.overflow.OverflowMessageCodec;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Usage;
import io.micronaut.context.ApplicationContext;
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
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The real handler class against ElasticMQ, DynamoDB Local (HTTP), Redis, kinesalite, the
 * gpu-endpoint (simulated GPU) and a recording {@code @connections} API.
 */
class OverflowHandlerTest {

    private static final OverflowMessageCodec CODEC = OverflowMessageCodec.withDefaults();
    private static final ServerFrameCodec FRAMES = ServerFrameCodec.withDefaults();

    private static LocalAwsStack aws;
    private static SimulatedGpuFleet gpu;
    private static OverflowHandler handler;

    @BeforeAll
    static void start() {
        aws = LocalAwsStack.start();
        gpu = SimulatedGpuFleet.start("gpu-overflow", 32, Duration.ofMillis(1));
        Map<String, Object> props = new HashMap<>(aws.serviceProperties());
        props.put("aws.endpoints.sagemaker-runtime", gpu.runtimeEndpoint());
        props.put("overflow.idempotency-table", "mangaassist-idempotency");
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

    private static OverflowMessage message(String connection, String conversation, String messageId, Instant deadline) {
        Instant now = Instant.now();
        return new OverflowMessage(connection, "user-a", conversation, messageId, "recommend a samurai manga", "en", "req-" + messageId,
                now.isAfter(deadline) ? deadline.minusSeconds(1) : now, deadline);
    }

    private static OverflowMessage message(String connection, String conversation, String messageId) {
        return message(connection, conversation, messageId, Instant.now().plusSeconds(60));
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

    private static String connection() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "=";
    }

    @Test
    void batch_withOneBadAndTwoGoodMessages_answersTheGoodAndReportsOnlyTheBad() {
        String first = connection();
        String second = connection();
        SQSEvent.SQSMessage poison = record("{\"schemaVersion\":99}", "arn:aws:sqs:us-east-1:000000000000:q", null);

        SQSBatchResponse response = invoke(Duration.ofMinutes(1), record(message(first, "c-" + UUID.randomUUID(), "m1")), poison,
                record(message(second, "c-" + UUID.randomUUID(), "m1")));

        assertThat(failures(response)).containsExactly(poison.getMessageId());
        assertThat(frames(first)).last().isInstanceOfSatisfying(Done.class, done -> assertThat(done.route()).isEqualTo(Route.OVERFLOW));
        assertThat(frames(second)).last().isInstanceOf(Done.class);
    }

    @Test
    void poisonMessage_reachesTheDlqAfterMaxReceiveCountWhileGoodOnesAreDeleted() {
        aws.sqs().setQueueAttributes(b -> b.queueUrl(aws.queueUrl()).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")));
        String good = connection();
        aws.sqs().sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody("not json at all"));
        aws.sqs().sendMessage(b -> b.queueUrl(aws.queueUrl()).messageBody(CODEC.encode(message(good, "c-" + UUID.randomUUID(), "m1"))));

        try (LocalEventSourcePoller poller = new LocalEventSourcePoller(aws.sqs(), aws.queueUrl(), handler, 10, Duration.ofMinutes(1), 2)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !aws.sqs().receiveMessage(b -> b.queueUrl(aws.dlqUrl()).visibilityTimeout(0))
                    .messages().isEmpty());
            assertThat(frames(good)).filteredOn(Done.class::isInstance).hasSize(1);
            assertThat(poller.invocations()).isGreaterThanOrEqualTo(LocalAwsStack.MAX_RECEIVE_COUNT);
        } finally {
            aws.sqs().setQueueAttributes(b -> b.queueUrl(aws.queueUrl()).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
        }
        assertThat(aws.sqs().receiveMessage(b -> b.queueUrl(aws.dlqUrl()).visibilityTimeout(0)).messages())
                .singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("not json at all"));
    }

    @Test
    void redelivery_afterASimulatedTimeout_neitherAnswersNorStoresTwice() {
        String connection = connection();
        String conversation = "c-" + UUID.randomUUID();
        SQSEvent.SQSMessage record = record(message(connection, conversation, "m1"));

        assertThat(failures(invoke(Duration.ofMinutes(1), record))).isEmpty();
        // The function "timed out" before SQS heard of the success: the same message comes again.
        assertThat(failures(invoke(Duration.ofMinutes(1), record))).isEmpty();

        assertThat(frames(connection)).filteredOn(Done.class::isInstance).hasSize(1);
        assertThat(store().turnsAfter(conversation, 0)).hasSize(2);
    }

    @Test
    void message_heldByAnotherInvocation_goesBackToTheQueueUntouched() {
        String connection = connection();
        String conversation = "c-" + UUID.randomUUID();
        handler.getApplicationContext().getBean(IdempotencyStore.class).claim(conversation + "#m1", Duration.ofMinutes(5));
        SQSEvent.SQSMessage record = record(message(connection, conversation, "m1"));

        assertThat(failures(invoke(Duration.ofMinutes(1), record))).containsExactly(record.getMessageId());
        assertThat(frames(connection)).isEmpty();
    }

    @Test
    void expiredMessage_getsAnExpiredErrorFrameInsteadOfALateAnswer() {
        String connection = connection();
        String conversation = "c-" + UUID.randomUUID();

        assertThat(failures(invoke(Duration.ofMinutes(1), record(message(connection, conversation, "m1", Instant.now().minusSeconds(5))))))
                .isEmpty();

        assertThat(frames(connection)).singleElement().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.EXPIRED);
            assertThat(error.seq()).isEqualTo(1);
        });
        assertThat(store().meta(conversation).exists()).isFalse();
    }

    @Test
    void turnWithTooLittleTimeLeft_isLeftForRedelivery() {
        String connection = connection();
        SQSEvent.SQSMessage record = record(message(connection, "c-" + UUID.randomUUID(), "m1"));

        assertThat(failures(invoke(Duration.ofSeconds(5), record))).containsExactly(record.getMessageId());
        assertThat(frames(connection)).isEmpty();
    }

    @Test
    void vanishedConnection_isDroppedCleanly() {
        String connection = connection();
        String conversation = "c-" + UUID.randomUUID();
        aws.connections().markGone(connection);

        assertThat(failures(invoke(Duration.ofMinutes(1), record(message(connection, conversation, "m1"))))).isEmpty();

        // Not returned to the queue (it would answer a dead socket again); the user turn is kept for a retry.
        assertThat(store().turnsAfter(conversation, 0)).extracting(t -> t.turn().role()).startsWith(Role.USER);
        assertThat(frames(connection)).isEmpty();
    }

    @Test
    void fifoBatch_whenAMessageFails_failsTheRestOfItsGroupOnly() {
        String fifo = "arn:aws:sqs:us-east-1:000000000000:overflow.fifo";
        String groupB = connection();
        SQSEvent.SQSMessage a1 = record("{broken", fifo, "conversation-a");
        SQSEvent.SQSMessage a2 = record(CODEC.encode(message(connection(), "c-" + UUID.randomUUID(), "m2")), fifo, "conversation-a");
        SQSEvent.SQSMessage b1 = record(CODEC.encode(message(groupB, "c-" + UUID.randomUUID(), "m1")), fifo, "conversation-b");

        SQSBatchResponse response = invoke(Duration.ofMinutes(1), a1, a2, b1);

        assertThat(failures(response)).containsExactly(a1.getMessageId(), a2.getMessageId());
        assertThat(frames(groupB)).last().isInstanceOf(Done.class);
    }

    @Test
    void turnAnsweredHere_isInTheNextPromptTheOrchestratorBuilds() {
        String conversation = "c-" + UUID.randomUUID();
        List<InferenceRequest> prompts = new CopyOnWriteArrayList<>();
        TurnPipeline orchestratorPath = orchestratorPipeline(prompts);
        orchestratorPath.run(new TurnCommand(connection(), "user-a", "req-1", new SendMessage(conversation, "m1", "hello", "en"),
                Route.BASELINE, null, null));

        invoke(Duration.ofMinutes(1), record(message(connection(), conversation, "m2")));
        orchestratorPath.run(new TurnCommand(connection(), "user-a", "req-3", new SendMessage(conversation, "m3", "and then?", "en"),
                Route.BASELINE, null, null));

        List<String> lastPrompt = new ArrayList<>();
        prompts.get(1).history().forEach(turn -> lastPrompt.add(turn.text()));
        assertThat(lastPrompt).hasSize(4).contains("recommend a samurai manga");
        assertThat(store().turnsAfter(conversation, 0).get(3).route()).isEqualTo(Route.OVERFLOW);
    }

    /** The orchestrator's configuration of the shared pipeline: an L1 cache in front of the same store. */
    private static TurnPipeline orchestratorPipeline(List<InferenceRequest> prompts) {
        ApiGatewayManagementApiClient management = LocalAwsClients.local(ApiGatewayManagementApiClient.builder(), aws.connections().endpoint())
                .httpClient(UrlConnectionHttpClient.create()).build();
        InferenceStreamer recording = (endpoint, request, listener) -> {
            prompts.add(request);
            listener.onToken("noted");
            return new InferenceChunk.EndChunk(FinishReason.STOP, new Usage(10, 1), false, 0, false);
        };
        return TurnPipeline.builder().store(store()).history(TieredHistoryLoader.withDefaults(null, store(), event -> { }))
                .budget(PipelineDefaults.budget()).selector(PipelineDefaults.selector("mangaassist-small", null)).inference(recording)
                .replies(ReplyStreams.withDefaults(new ManagementApiConnectionSink(management), Executors.newCachedThreadPool(),
                        Executors.newSingleThreadScheduledExecutor()))
                .events(new ChatEventPublisher(batch -> List.of(), 10, 10, Duration.ofMillis(10))).build();
    }
}
