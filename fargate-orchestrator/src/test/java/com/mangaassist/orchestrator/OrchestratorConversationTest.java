package com.mangaassist.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.shared.wire.server.ResumedTurn;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventCodec;
import com.mangaassist.shared.wire.events.ChatEventType;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.FeedbackSaved;
import com.mangaassist.shared.wire.server.Pong;
import com.mangaassist.shared.wire.server.Resumed;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The orchestrator end to end over real protocols: integration calls as API Gateway makes them,
 * DynamoDB Local over HTTP, Redis, ElasticMQ, kinesalite, the gpu-endpoint (simulated GPU) behind
 * the SageMaker runtime API, and a recording {@code @connections} API.
 */
class OrchestratorConversationTest {

    private static LocalAwsStack aws;
    private static SimulatedGpuFleet gpu;
    private static OrchestratorHarness orchestrator;

    @BeforeAll
    static void start() {
        aws = LocalAwsStack.start();
        gpu = SimulatedGpuFleet.start("gpu-conversation", 32, Duration.ofMillis(1));
        // No overflow function runs in this test, and the emulators share this JVM's CPU, which the
        // routing policy reads as task pressure: a spilled turn would never be answered here.
        // Spilling has its own tests (OrchestratorRoutingTest, the end-to-end suite).
        orchestrator = OrchestratorHarness.start(aws, gpu, java.util.Map.of("orchestrator.spill-mode", "baseline-only"));
        await().atMost(Duration.ofSeconds(20)).until(() -> orchestrator.get("/ready").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (gpu != null) {
            gpu.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    private static ConversationStore store() {
        return orchestrator.bean(ConversationStore.class);
    }

    private static List<StoredMessage> stored(String principal, String conversation) {
        return store().messagesFrom(new ConversationRef(principal, conversation), 1);
    }

    private static List<StoredMessage> stored(String conversation) {
        return stored("user-a", conversation);
    }

    private static String text(List<ServerFrame> frames) {
        StringBuilder text = new StringBuilder();
        frames.stream().filter(Token.class::isInstance).forEach(f -> text.append(((Token) f).text()));
        return text.toString();
    }

    @Test
    void connect_withoutAPrincipal_isRefused() {
        assertThat(orchestrator.connect(OrchestratorHarness.newConnection(), null).statusCode()).isEqualTo(401);
        assertThat(orchestrator.connect(OrchestratorHarness.newConnection(), "user-a").statusCode()).isEqualTo(200);
    }

    @Test
    void fortyTurnConversation_streamsEveryReplyInOrderAndPersistsEveryTurn() {
        String connection = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        for (int i = 1; i <= 40; i++) {
            String messageId = "m" + i;
            assertThat(orchestrator.sendMessage(connection, "user-a", conversation, messageId,
                    "Question " + i + ": which samurai manga should I read next? " + "Tell me more. ".repeat(40)).statusCode()).isEqualTo(200);
            List<ServerFrame> frames = orchestrator.awaitEnd(connection, messageId);

            assertThat(frames.get(0)).isEqualTo(new Ack(messageId, 0, 1, 2L * i - 1));
            assertThat(frames).extracting(ServerFrame::seq).isSorted().doesNotHaveDuplicates();
            assertThat(frames.get(frames.size() - 1)).isInstanceOfSatisfying(Done.class, done -> {
                assertThat(done.route()).isEqualTo(Route.BASELINE);
                assertThat(done.usage().promptTokens()).isLessThanOrEqualTo(4096);
            });
            assertThat(text(frames)).isNotEmpty();
        }

        List<StoredMessage> stored = stored(conversation);
        assertThat(stored).hasSize(40).allSatisfy(m -> assertThat(m.state()).isEqualTo(MessageState.ANSWERED));
        assertThat(stored.get(39).answer().text()).isEqualTo(text(orchestrator.awaitEnd(connection, "m40")));
        // Late turns no longer fit the small model's window: the reply says history was left out.
        assertThat(orchestrator.awaitEnd(connection, "m40")).last()
                .satisfies(done -> assertThat(((Done) done).truncated()).isTrue());
    }

    @Test
    void duplicateMessageId_ofAnAnsweredMessage_isRefusedAndStoresNothing() {
        String connection = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        orchestrator.sendMessage(connection, "user-a", conversation, "m1", "recommend a samurai manga");
        orchestrator.awaitEnd(connection, "m1");
        orchestrator.sendMessage(connection, "user-a", conversation, "m1", "recommend a samurai manga");

        await().atMost(Duration.ofSeconds(10)).until(() -> orchestrator.frames(connection).stream()
                .anyMatch(f -> f instanceof ErrorFrame e && e.code() == ErrorCode.DUPLICATE));
        assertThat(orchestrator.frames(connection)).filteredOn(Done.class::isInstance).hasSize(1);
        assertThat(orchestrator.frames(connection)).filteredOn(Ack.class::isInstance).hasSize(1);
        assertThat(stored(conversation)).hasSize(1);
    }

    @Test
    void turnWrittenByTheOverflowPath_isInTheNextPromptBuiltHere() {
        String connection = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        String control = OrchestratorHarness.newConversation();
        for (String id : List.of(conversation, control)) {
            orchestrator.sendMessage(connection, "user-a", id, "m1-" + id, "hello");
            orchestrator.awaitEnd(connection, "m1-" + id);
        }
        // L1 now holds turns 1-2 of the conversation. Meanwhile the overflow Lambda answers m2:
        StoredMessage viaLambda = ((Acceptance.Accepted) store().accept(new ConversationRef("user-a", conversation),
                new NewQuestion("m2", "I loved 「ベルセルク」", 40, List.of("ベルセルク"), "ja", connection, "req-m2"),
                Lease.running(java.time.Instant.now().plusSeconds(70)))).message();
        store().answer(viaLambda.key(), 1, new NewAnswer("Then read Vinland Saga.", 30, List.of(), Route.OVERFLOW));

        Done withLambdaTurns = lastDone(connection, conversation, "m3-" + conversation);
        Done withoutThem = lastDone(connection, control, "m3-" + control);

        // The endpoint reports the prompt it was given: the two turns this task never cached are in it.
        assertThat(withLambdaTurns.usage().promptTokens() - withoutThem.usage().promptTokens()).isGreaterThanOrEqualTo(70);
        assertThat(stored(conversation)).hasSize(3);
    }

    private static Done lastDone(String connection, String conversation, String messageId) {
        orchestrator.sendMessage(connection, "user-a", conversation, messageId, "what did you recommend?");
        List<ServerFrame> frames = orchestrator.awaitEnd(connection, messageId);
        assertThat(frames).last().isInstanceOf(Done.class);
        return (Done) frames.get(frames.size() - 1);
    }

    @Test
    void vanishedConnection_stillGetsItsAnswerStored_andAResendIsRefusedAsAnswered() {
        String connection = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        aws.connections().goneAfter((id, body) -> id.equals(connection) && body.contains("\"type\":\"token\""));

        orchestrator.sendMessage(connection, "user-a", conversation, "m1", "tell me a very long story about samurai " + "please ".repeat(30));

        // Nobody hears the rest of the stream, but the answer is finished and stored: resume returns it.
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(conversation).size() == 1
                && stored(conversation).get(0).state() == MessageState.ANSWERED);
        assertThat(orchestrator.frames(connection)).noneMatch(Done.class::isInstance);

        String again = OrchestratorHarness.newConnection();
        orchestrator.sendMessage(again, "user-a", conversation, "m1", "tell me a very long story about samurai " + "please ".repeat(30));
        assertThat(orchestrator.awaitEnd(again, "m1")).singleElement().isInstanceOfSatisfying(ErrorFrame.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE));
        assertThat(stored(conversation)).hasSize(1);
    }

    @Test
    void redisStoppedMidConversation_degradesToDynamoDbWithoutFailingTurns() {
        String connection = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        orchestrator.sendMessage(connection, "user-a", conversation, "m1", "hello");
        assertThat(orchestrator.awaitEnd(connection, "m1")).last().isInstanceOf(Done.class);

        aws.redis().stop();
        try {
            for (int i = 2; i <= 4; i++) {
                orchestrator.sendMessage(connection, "user-a", conversation, "m" + i, "and then?");
                assertThat(orchestrator.awaitEnd(connection, "m" + i)).last().isInstanceOf(Done.class);
            }
        } finally {
            aws.redis().restart();
        }
        assertThat(stored(conversation)).hasSize(4);
        assertThat(orchestrator.get("/metrics").body()).contains("history_cache_total{outcome=\"L2_ERROR\"}");
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                Arguments.of("{not json", ErrorCode.MALFORMED_JSON),
                Arguments.of("{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"" + "x".repeat(33_000) + "\"}",
                        ErrorCode.FRAME_TOO_LARGE),
                Arguments.of("{\"action\":\"dance\"}", ErrorCode.UNKNOWN_ACTION),
                Arguments.of("{\"action\":\"sendMessage\",\"messageId\":\"m1\",\"text\":\"hi\"}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":42}", ErrorCode.INVALID_FIELD),
                Arguments.of("{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"" + "x".repeat(4_001) + "\"}",
                        ErrorCode.TEXT_TOO_LONG),
                Arguments.of("{\"action\":\"sendMessage\",\"conversationId\":\"c 1\",\"messageId\":\"m1\",\"text\":\"hi\"}", ErrorCode.MALFORMED_ID),
                Arguments.of("{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"lone \\ud800 surrogate\"}",
                        ErrorCode.INVALID_TEXT),
                Arguments.of("{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"esc \\u001b[2J\"}",
                        ErrorCode.INVALID_TEXT),
                Arguments.of("", ErrorCode.MALFORMED_JSON));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFrames")
    void badFrame_getsAnErrorFrameWithItsCodeAndWritesNothing(String body, ErrorCode code) {
        String connection = OrchestratorHarness.newConnection();

        assertThat(orchestrator.frame(connection, "user-a", body).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> !orchestrator.frames(connection).isEmpty());
        assertThat(orchestrator.frames(connection)).singleElement().isInstanceOfSatisfying(ErrorFrame.class,
                error -> assertThat(error.code()).isEqualTo(code));
        assertThat(store().meta(new ConversationRef("user-a", "c-1")).exists()).isFalse();
    }

    @Test
    void anotherPrincipal_usingTheSameConversationId_getsAConversationOfTheirOwn() {
        String owner = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        orchestrator.sendMessage(owner, "user-a", conversation, "m1", "my private question");
        orchestrator.awaitEnd(owner, "m1");

        String intruder = OrchestratorHarness.newConnection();
        orchestrator.sendMessage(intruder, "user-b", conversation, "m2", "let me in");
        assertThat(orchestrator.awaitEnd(intruder, "m2")).last().isInstanceOf(Done.class);
        orchestrator.frame(intruder, "user-b", "{\"action\":\"resume\",\"conversationId\":\"" + conversation + "\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> orchestrator.frames(intruder).stream().anyMatch(Resumed.class::isInstance));

        Resumed seen = (Resumed) orchestrator.frames(intruder).stream().filter(Resumed.class::isInstance).findFirst().orElseThrow();
        assertThat(seen.turns()).extracting(ResumedTurn::text).doesNotContain("my private question").contains("let me in");
        assertThat(stored("user-a", conversation)).singleElement().satisfies(m -> assertThat(m.question().text()).isEqualTo("my private question"));
    }

    private static String feedback(String conversation, String messageId, String rating, String reason) {
        return "{\"action\":\"feedback\",\"conversationId\":\"" + conversation + "\",\"messageId\":\"" + messageId + "\",\"rating\":\""
                + rating + "\"" + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
    }

    @Test
    void feedback_onAnotherPrincipalsAnswer_isRefusedLikeAnUnknownIdAndNothingIsStoredOrEmitted() {
        String owner = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        orchestrator.sendMessage(owner, "user-a", conversation, "m1", "recommend a samurai manga");
        assertThat(orchestrator.awaitEnd(owner, "m1")).last().isInstanceOf(Done.class);

        // Another caller names the owner's conversation and message exactly, then a message nobody sent.
        String intruder = OrchestratorHarness.newConnection();
        orchestrator.frame(intruder, "user-b", feedback(conversation, "m1", "down", "sabotage"));
        orchestrator.frame(intruder, "user-b", feedback(conversation, "m-never-sent", "down", "sabotage"));
        await().atMost(Duration.ofSeconds(5)).until(() -> orchestrator.frames(intruder).size() == 2);

        assertThat(orchestrator.frames(intruder)).allSatisfy(frame -> assertThat(frame).isInstanceOfSatisfying(ErrorFrame.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_MESSAGE)));
        assertThat(((ErrorFrame) orchestrator.frames(intruder).get(0)).message())
                .isEqualTo(((ErrorFrame) orchestrator.frames(intruder).get(1)).message());
        assertThat(stored("user-a", conversation)).singleElement().satisfies(m -> assertThat(m.answer().feedback()).isNull());
        assertThat(stored("user-b", conversation)).isEmpty();

        // The owner's own rating goes through, and is the only feedback event of the conversation on the stream.
        orchestrator.frame(owner, "user-a", feedback(conversation, "m1", "up", null));
        await().atMost(Duration.ofSeconds(5)).until(() -> orchestrator.frames(owner).stream().anyMatch(FeedbackSaved.class::isInstance));
        assertThat(stored("user-a", conversation)).singleElement().satisfies(m -> assertThat(m.answer().feedback().rating()).isEqualTo(Rating.UP));
        await().atMost(Duration.ofSeconds(10)).until(() -> feedbackEvents(conversation).size() == 1);
        assertThat(feedbackEvents(conversation)).singleElement().satisfies(event -> {
            assertThat(event.principal()).isEqualTo("user-a");
            assertThat(event.feedback().rating()).isEqualTo(Rating.UP);
            assertThat(event.feedback().reasonGiven()).isFalse();
        });
    }

    @Test
    void feedback_onTheCallersAnswer_isShownByResumeAfterAReloadAndAChangeOfMindReplacesIt() {
        String connection = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        orchestrator.sendMessage(connection, "user-a", conversation, "m1", "recommend a samurai manga");
        orchestrator.awaitEnd(connection, "m1");
        orchestrator.frame(connection, "user-a", feedback(conversation, "m1", "up", null));
        orchestrator.frame(connection, "user-a", feedback(conversation, "m1", "down", "too long"));
        await().atMost(Duration.ofSeconds(5)).until(() -> orchestrator.frames(connection).stream().filter(FeedbackSaved.class::isInstance).count() == 2);

        String reloaded = OrchestratorHarness.newConnection();
        orchestrator.frame(reloaded, "user-a", "{\"action\":\"resume\",\"conversationId\":\"" + conversation + "\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> orchestrator.frames(reloaded).stream().anyMatch(Resumed.class::isInstance));

        Resumed resumed = (Resumed) orchestrator.frames(reloaded).get(0);
        assertThat(resumed.turns()).extracting(ResumedTurn::rating).containsExactly(null, Rating.DOWN);
        assertThat(stored(conversation)).singleElement().satisfies(m -> {
            assertThat(m.answer().feedback().reason()).isEqualTo("too long");
            // The rating took nothing of the answer's: its tier is the one that wrote it.
            assertThat(m.answer().tier()).isNotNull();
        });
    }

    @Test
    void resumeAndPing_answerOnTheConnection() {
        String connection = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        orchestrator.sendMessage(connection, "user-a", conversation, "m1", "hello");
        orchestrator.awaitEnd(connection, "m1");

        String reconnected = OrchestratorHarness.newConnection();
        orchestrator.frame(reconnected, "user-a", "{\"action\":\"resume\",\"conversationId\":\"" + conversation + "\",\"lastSeq\":0}");
        orchestrator.frame(reconnected, "user-a", "{\"action\":\"ping\"}");

        await().atMost(Duration.ofSeconds(5)).until(() -> orchestrator.frames(reconnected).size() == 2);
        assertThat(orchestrator.frames(reconnected)).anySatisfy(f -> assertThat(f).isInstanceOfSatisfying(Resumed.class,
                resumed -> assertThat(resumed.turns()).hasSize(2))).anySatisfy(f -> assertThat(f).isInstanceOf(Pong.class));
    }

    @Test
    void rateLimit_refusesABurstBeyondTheConnectionsAllowance() {
        try (OrchestratorHarness limited = OrchestratorHarness.start(aws, gpu, java.util.Map.of("orchestrator.rate.messages-per-second", 0.2,
                "orchestrator.rate.burst", 2, "orchestrator.spill-mode", "baseline-only"))) {
            String connection = OrchestratorHarness.newConnection();
            for (int i = 1; i <= 3; i++) {
                limited.frame(connection, "user-a", "{\"action\":\"ping\"}");
                limited.sendMessage(connection, "user-a", OrchestratorHarness.newConversation(), "m" + i, "hi");
            }
            List<ServerFrame> third = limited.awaitEnd(connection, "m3");
            assertThat(third).singleElement().isInstanceOfSatisfying(ErrorFrame.class, error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(error.retryAfterMs()).isPositive();
            });
        }
    }

    @Test
    void completedTurns_arePublishedToTheChatEventStream() {
        String connection = OrchestratorHarness.newConnection();
        String conversation = OrchestratorHarness.newConversation();
        orchestrator.sendMessage(connection, "user-a", conversation, "m1", "hello");
        orchestrator.awaitEnd(connection, "m1");

        ChatEventCodec codec = new ChatEventCodec();
        await().atMost(Duration.ofSeconds(10)).until(() -> streamRecords(codec).contains(conversation));
    }

    private static List<ChatEvent> feedbackEvents(String conversation) {
        var kinesis = aws.kinesis();
        String shard = kinesis.listShards(b -> b.streamName(LocalAwsStack.STREAM)).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName(LocalAwsStack.STREAM).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        ChatEventCodec codec = new ChatEventCodec();
        return kinesis.getRecords(b -> b.shardIterator(iterator).limit(10_000)).records().stream()
                .map(r -> codec.decode(r.data().asByteArray()).value())
                .filter(e -> e.type() == ChatEventType.FEEDBACK && e.conversationId().equals(conversation)).toList();
    }

    private static List<String> streamRecords(ChatEventCodec codec) {
        var kinesis = aws.kinesis();
        String shard = kinesis.listShards(b -> b.streamName(LocalAwsStack.STREAM)).shards().get(0).shardId();
        String iterator = kinesis.getShardIterator(b -> b.streamName(LocalAwsStack.STREAM).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<String> conversations = new ArrayList<>();
        kinesis.getRecords(b -> b.shardIterator(iterator).limit(10_000)).records()
                .forEach(r -> conversations.add(codec.decode(r.data().asByteArray()).value().conversationId()));
        return conversations;
    }
}
