package com.mangaassist.pipeline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.EmbeddedDynamoDb;
import com.mangaassist.pipeline.delivery.ReplyStream;
import com.mangaassist.pipeline.delivery.ReplyStreams;
import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.CacheEvent;
import com.mangaassist.pipeline.conversation.Claim;
import com.mangaassist.pipeline.conversation.ClaimRule;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.grounding.DynamoDbOrderLookup;
import com.mangaassist.pipeline.grounding.GroundingLimits;
import com.mangaassist.pipeline.grounding.KnowledgeRetriever;
import com.mangaassist.pipeline.grounding.Order;
import com.mangaassist.pipeline.grounding.OrderLookup;
import com.mangaassist.pipeline.grounding.OrdersTableSchema;
import com.mangaassist.pipeline.grounding.TurnGrounding;
import com.mangaassist.pipeline.redis.PrincipalTurns;
import com.mangaassist.pipeline.testing.InMemoryConversationStore;
import com.mangaassist.pipeline.testing.RecordingConnectionSink;
import com.mangaassist.pipeline.testing.ScriptedStreamer;
import com.mangaassist.pipeline.conversation.UsagePeriods;
import com.mangaassist.pipeline.usage.TokenBudgets;
import com.mangaassist.pipeline.usage.TokenQuotas;
import com.mangaassist.pipeline.testing.TestClock;
import com.mangaassist.shared.budget.BudgetPolicy;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.grounding.Passage;
import com.mangaassist.shared.grounding.ReferenceBlock;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import com.mangaassist.shared.model.ComplexityEstimator;
import com.mangaassist.shared.model.ModelRoutingTable;
import com.mangaassist.shared.model.ModelSelector;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventType;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import com.mangaassist.chatclient.MessageStatus;
import com.mangaassist.chatclient.MessageView;
import com.mangaassist.chatclient.ReplyAssembler;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.Quota;
import com.mangaassist.shared.wire.server.QuotaWindow;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.Source;
import com.mangaassist.shared.wire.server.Token;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The turn pipeline over its ports: the conversation store's contract in memory, a recording
 * connection sink and a scripted GPU endpoint. Attempts, fencing, answers next to their
 * questions, hand-offs and what the client ends up seeing (through the shared reply model), with
 * no emulator in the way.
 */
class TurnPipelineTest {

    private static ExecutorService delivery;
    private static ScheduledExecutorService timer;

    private final TestClock clock = new TestClock();
    private final ScriptedStreamer gpu = new ScriptedStreamer();
    private final RecordingConnectionSink gateway = new RecordingConnectionSink();
    private final List<ChatEvent> published = new CopyOnWriteArrayList<>();
    private final List<CacheEvent> cacheEvents = new CopyOnWriteArrayList<>();
    private final TurnTimings timings = TurnTimings.defaults();
    private InMemoryConversationStore store;
    private ChatEventPublisher events;
    private TurnPipeline pipeline;
    private TurnIntake intake;
    private ConversationRef conversation;
    private ContextBudgetManager budget;
    private TieredHistoryLoader history;
    private final List<RetrievalFigures> retrievals = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startExecutors() {
        delivery = Executors.newCachedThreadPool();
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopExecutors() {
        delivery.shutdownNow();
        timer.shutdownNow();
    }

    @BeforeEach
    void setUp() {
        store = new InMemoryConversationStore(clock, Duration.ofDays(90));
        events = new ChatEventPublisher(batch -> {
            published.addAll(batch);
            return List.of();
        }, 100, 10, Duration.ofMillis(5));
        budget = new ContextBudgetManager(JtokkitTokenCounter.withDefaults(), BudgetPolicy.defaults());
        history = TieredHistoryLoader.withDefaults(null, store, cacheEvents::add);
        pipeline = TurnPipeline.builder().store(store).history(history).budget(budget)
                .selector(new ModelSelector(ModelRoutingTable.defaults(), new ComplexityEstimator())).inference(gpu)
                .replies(ReplyStreams.withDefaults(gateway, delivery, timer)).events(events).timings(timings).clock(clock).build();
        intake = new TurnIntake(store, history, budget.counter(), timings, clock);
        conversation = new ConversationRef("user-a", "c-" + UUID.randomUUID());
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    /** What the orchestrator's admission does before a local run: accept, then run attempt 1 (its ack goes out first). */
    private TurnCommand accept(String connectionId, String messageId, String text) {
        TurnIntake.Received received = intake.receive(conversation, new SendMessage(conversation.conversationId(), messageId, text, "en"),
                connectionId, "req-" + messageId, AttemptStage.RUNNING);
        TurnIntake.Received.Started started = (TurnIntake.Received.Started) received;
        return new TurnCommand(started.message(), Route.BASELINE, null, null, started.version(), false);
    }

    /** The pipeline of {@link #setUp}, retrieving with {@code knowledge} and {@code orders}. */
    private TurnPipeline grounded(KnowledgeRetriever knowledge, OrderLookup orders) {
        // A deadline no loaded test machine misses: these tests are about what reaches the prompt, not about time.
        TurnGrounding grounding = new TurnGrounding(knowledge, orders, budget.counter(), GroundingLimits.DEFAULTS.withDeadline(Duration.ofSeconds(30)),
                delivery, retrievals::add);
        return TurnPipeline.builder().store(store).history(history).budget(budget)
                .selector(new ModelSelector(ModelRoutingTable.defaults(), new ComplexityEstimator())).inference(gpu)
                .replies(ReplyStreams.withDefaults(gateway, delivery, timer)).events(events).timings(timings).clock(clock).grounding(grounding).build();
    }

    private List<ServerFrame> frames(String connectionId) {
        return gateway.framesFor(connectionId);
    }

    /** What a client following the contract shows for {@code messageId} after every frame on the connection. */
    private MessageView seen(String connectionId, String messageId) {
        ReplyAssembler client = new ReplyAssembler();
        client.sent(messageId);
        frames(connectionId).forEach(client::apply);
        return client.view(messageId);
    }

    private StoredMessage stored(String messageId) {
        return store.messagesFrom(conversation, 1).stream().filter(m -> m.messageId().equals(messageId)).findFirst().orElseThrow();
    }

    /** The pipeline of {@link #setUp} keeping conversations on their instance (ADR 0040). */
    private TurnPipeline withAffinity(List<com.mangaassist.pipeline.affinity.SessionOutcome> outcomes) {
        return TurnPipeline.builder().store(store).history(history).budget(budget)
                .selector(new ModelSelector(ModelRoutingTable.defaults(), new ComplexityEstimator())).inference(gpu)
                .replies(ReplyStreams.withDefaults(gateway, delivery, timer)).events(events).timings(timings).clock(clock)
                .affinity(com.mangaassist.pipeline.affinity.ConversationAffinity.of(gpu, new com.mangaassist.pipeline.affinity.InMemorySessionStore(),
                        java.time.Clock.systemUTC(), outcomes::add, Duration.ofSeconds(30))).build();
    }

    @Test
    void run_withAffinity_namesTheConversationsSessionOnEveryTurn() {
        TurnPipeline affine = withAffinity(new java.util.ArrayList<>());

        affine.run(accept("conn-1", "m1", "Recommend a samurai manga"));
        affine.run(accept("conn-1", "m2", "Something shorter?"));

        assertThat(gpu.sessionsOpened).containsExactly("session-1");
        assertThat(gpu.sessionsNamed).containsExactly("session-1", "session-1");
    }

    @Test
    void run_whenTheMessageEnds_givesItsCallersTurnInFlightBackAndASupersededAttemptDoesNot() {
        try (com.mangaassist.localaws.EmbeddedRedis redis = com.mangaassist.localaws.EmbeddedRedis.start();
             com.mangaassist.pipeline.redis.RedisLink link = new com.mangaassist.pipeline.redis.RedisLink(
                     io.lettuce.core.RedisURI.create(redis.uri()), Duration.ofSeconds(2))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(link::connected);
            // Admission's view (one turn in flight for this caller) and the pipeline's (gives slots back, knows no cap).
            PrincipalTurns admission = new PrincipalTurns(link, 1, Duration.ofMinutes(5), () -> { });
            TurnPipeline giving = TurnPipeline.builder().store(store).history(history).budget(budget)
                    .selector(new ModelSelector(ModelRoutingTable.defaults(), new ComplexityEstimator())).inference(gpu)
                    .replies(ReplyStreams.withDefaults(gateway, delivery, timer)).events(events).timings(timings).clock(clock)
                    .principalTurns(PrincipalTurns.givingBack(link)).build();
            assertThat(admission.tryStart("user-a", conversation.conversationId(), "m1")).isZero();
            TurnCommand first = accept("conn-1", "m1", "Recommend a samurai manga");
            store.claim(first.key(), new com.mangaassist.pipeline.conversation.ClaimRule.IfStillAttempt(first.attempt()),
                    com.mangaassist.pipeline.conversation.Lease.running(clock.instant().plusSeconds(60)), null);

            assertThat(giving.run(first)).isInstanceOf(TurnOutcome.Superseded.class);
            assertThat(admission.tryStart("user-a", conversation.conversationId(), "m2")).as("the next attempt still answers m1").isPositive();

            TurnOutcome answered = giving.run(first.next(store.message(first.key())));

            assertThat(answered).isInstanceOf(TurnOutcome.Completed.class);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> admission.tryStart("user-a", conversation.conversationId(), "m2").isZero());
        }
    }

    @Test
    void run_whenTheInstanceNoLongerHoldsTheSession_answersWithoutItAndTheNextTurnOpensANewOne() {
        List<com.mangaassist.pipeline.affinity.SessionOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        TurnPipeline affine = withAffinity(outcomes);
        affine.run(accept("conn-1", "m1", "Recommend a samurai manga"));
        gpu.sessionsForgotten.add("session-1");

        TurnOutcome outcome = affine.run(accept("conn-1", "m2", "Something shorter?"));
        affine.run(accept("conn-1", "m3", "And a third?"));

        assertThat(outcome).isInstanceOf(TurnOutcome.Completed.class);
        assertThat(gpu.sessionsNamed).containsExactly("session-1", "session-1", "-", "session-2");
        assertThat(frames("conn-1")).noneMatch(f -> f instanceof com.mangaassist.shared.wire.server.ErrorFrame);
        assertThat(outcomes).containsExactly(com.mangaassist.pipeline.affinity.SessionOutcome.OPENED,
                com.mangaassist.pipeline.affinity.SessionOutcome.REUSED, com.mangaassist.pipeline.affinity.SessionOutcome.LOST,
                com.mangaassist.pipeline.affinity.SessionOutcome.OPENED);
    }

    @Test
    void run_whenTheSessionsInstanceFailsTheCall_forgetsTheSessionSoTheConversationIsNotHeldThere() {
        TurnPipeline affine = withAffinity(new java.util.ArrayList<>());
        affine.run(accept("conn-1", "m1", "Recommend a samurai manga"));
        gpu.failWith = ErrorCode.MODEL_UNAVAILABLE;
        affine.run(accept("conn-1", "m2", "Something shorter?"));
        gpu.failWith = null;

        affine.run(accept("conn-1", "m3", "And a third?"));

        assertThat(gpu.sessionsNamed).endsWith("session-2");
    }

    @Test
    void run_whenTheSessionsInstanceReportsSaturation_dropsTheSessionAfterAnsweringSoTheNextTurnGoesElsewhere() {
        TurnPipeline affine = withAffinity(new java.util.ArrayList<>());
        gpu.instanceLoad = 0.95;
        affine.run(accept("conn-1", "m1", "Recommend a samurai manga"));
        gpu.instanceLoad = 0.2;

        affine.run(accept("conn-1", "m2", "Something shorter?"));

        assertThat(gpu.sessionsClosed).containsExactly("session-1");
        assertThat(gpu.sessionsNamed).containsExactly("session-1", "session-2");
    }

    @Test
    void run_whenNoSessionCanBeOpened_answersWithoutOne() {
        gpu.sessionsSupported = false;

        TurnOutcome outcome = withAffinity(new java.util.ArrayList<>()).run(accept("conn-1", "m1", "Recommend a samurai manga"));

        assertThat(outcome).isInstanceOf(TurnOutcome.Completed.class);
        assertThat(gpu.sessionsNamed).containsExactly("-");
    }

    @Test
    void run_whenAnswered_streamsAttemptOneThenDoneAndStoresTheAnswerNextToItsQuestion() {
        TurnOutcome outcome = pipeline.run(accept("conn-1", "m1", "Recommend a samurai manga"));

        assertThat(outcome).isInstanceOfSatisfying(TurnOutcome.Completed.class, c -> {
            assertThat(c.answerSeq()).isEqualTo(2);
            assertThat(c.delivered()).isTrue();
        });
        List<ServerFrame> frames = frames("conn-1");
        assertThat(frames.get(0)).isEqualTo(new Ack("m1", 0, 1, 1));
        assertThat(frames).last().isInstanceOfSatisfying(Done.class, done -> {
            assertThat(done.attempt()).isEqualTo(1);
            assertThat(done.turnSeq()).isEqualTo(2);
        });
        assertThat(frames).extracting(ServerFrame::seq).isSorted().doesNotHaveDuplicates().startsWith(0L, 1L);
        assertThat(frames).filteredOn(Token.class::isInstance).allSatisfy(t -> assertThat(((Token) t).attempt()).isEqualTo(1));
        MessageView seen = seen("conn-1", "m1");
        assertThat(seen.status()).isEqualTo(MessageStatus.DONE);
        assertThat(seen.text()).isEqualTo("Try Vagabond — a samurai epic.").isEqualTo(stored("m1").answer().text());
        assertThat(stored("m1").answer().route()).isEqualTo(Route.BASELINE);
        // The tier that wrote it, so a later rating of the answer is counted against that tier (ADR 0045).
        assertThat(stored("m1").answer().tier()).isEqualTo(ModelTier.SMALL);
    }

    /** The pipeline of {@link #setUp} reporting usage against {@code budgets} (ADR 0046). */
    private TurnPipeline withQuotas(TokenQuotas quotas) {
        return TurnPipeline.builder().store(store).history(history).budget(budget)
                .selector(new ModelSelector(ModelRoutingTable.defaults(), new ComplexityEstimator())).inference(gpu)
                .replies(ReplyStreams.withDefaults(gateway, delivery, timer)).events(events).timings(timings).clock(clock).quotas(quotas).build();
    }

    @Test
    void run_whenAnswered_chargesPromptAndCompletionTokensOnceAndReportsTheCallersUsageInDone() {
        TokenQuotas quotas = new TokenQuotas(store, new TokenBudgets(200_000, 0), clock);
        TurnPipeline counting = withQuotas(quotas);

        counting.run(accept("conn-1", "m1", "Recommend a samurai manga"));
        counting.run(accept("conn-1", "m2", "Another one?"));

        List<Done> dones = frames("conn-1").stream().filter(Done.class::isInstance).map(Done.class::cast).toList();
        long charged = dones.stream().mapToLong(done -> done.usage().totalTokens()).sum();
        assertThat(dones).allSatisfy(done -> assertThat(done.usage().promptTokens()).isPositive());
        assertThat(store.usage("user-a", UsagePeriods.at(clock.instant())).dayTokens()).isEqualTo(charged);
        // Nobody read it at admission here: the pipeline reads it after the answer is stored, so it includes this answer.
        Quota last = dones.get(1).quota();
        assertThat(last.day()).isEqualTo(new QuotaWindow(charged, 200_000L, UsagePeriods.at(clock.instant()).dayResetsAt()));
        assertThat(last.month().limit()).isNull();
    }

    @Test
    void run_whenAdmissionReadTheUsage_reportsItWithThisAnswerChargedWithoutReadingAgain() {
        TokenQuotas quotas = new TokenQuotas(store, new TokenBudgets(200_000, 3_000_000), clock);
        Quota atAdmission = quotas.current("user-a").plus(5_000);
        TurnCommand command = accept("conn-1", "m1", "Recommend a samurai manga");

        withQuotas(quotas).run(new TurnCommand(command.message(), command.route(), null, null, command.version(), false, atAdmission));

        Done done = (Done) frames("conn-1").get(frames("conn-1").size() - 1);
        assertThat(done.quota()).isEqualTo(atAdmission.plus(done.usage().totalTokens()));
    }

    @Test
    void run_whenTheUsageCannotBeRead_answersWithoutIt() {
        TokenQuotas quotas = new TokenQuotas(store, TokenBudgets.NONE, clock);
        TurnCommand command = accept("conn-1", "m1", "Recommend a samurai manga");
        store.failUsageReads = new IllegalStateException("DynamoDB throttled the read");

        TurnOutcome outcome = withQuotas(quotas).run(command);

        assertThat(outcome).isInstanceOf(TurnOutcome.Completed.class);
        assertThat(frames("conn-1")).last().isInstanceOfSatisfying(Done.class, done -> assertThat(done.quota()).isNull());
    }

    @Test
    void run_whenTheConnectionVanishesMidStream_finishesAndStoresTheAnswerForResume() {
        gpu.tokens = Collections.nCopies(50, "word ");
        gateway.goneAfter((connection, body) -> body.contains("\"type\":\"token\""));

        TurnOutcome outcome = pipeline.run(accept("conn-1", "m1", "hello"));

        assertThat(outcome).isInstanceOfSatisfying(TurnOutcome.Completed.class, c -> assertThat(c.delivered()).isFalse());
        assertThat(gpu.cancelled).hasValue(0);
        assertThat(stored("m1").state()).isEqualTo(MessageState.ANSWERED);
        assertThat(stored("m1").answer().text()).isEqualTo("word ".repeat(50));
    }

    @Test
    void run_whenALaterAttemptTookTheMessageOver_storesNothingAndSendsNoTerminalFrame() {
        TurnCommand first = accept("conn-1", "m1", "hello");
        // The client resent while attempt 1 ran (its task looked dead): attempt 2 owns the message now.
        store.claim(first.key(), new ClaimRule.Resend(clock.instant()), Lease.running(clock.instant().plusSeconds(70)), "conn-2");

        TurnOutcome outcome = pipeline.run(first);

        assertThat(outcome).isInstanceOf(TurnOutcome.Superseded.class);
        assertThat(stored("m1").state()).isEqualTo(MessageState.PENDING);
        assertThat(frames("conn-1")).noneMatch(f -> f instanceof Done || f instanceof ErrorFrame);
        assertThat(published).isEmpty();
    }

    @Test
    void run_whenTheEndpointDiesMidAnswer_startsTheAnswerAgainOnANewAttemptAndTheClientNeverSeesASplice() {
        gpu.midStreamFailures.set(1);
        gpu.failAfterTokens = 2;

        TurnOutcome outcome = pipeline.run(accept("conn-1", "m1", "hello"));

        assertThat(outcome).isInstanceOf(TurnOutcome.Completed.class);
        assertThat(gpu.requests).hasSize(2);
        // Each attempt's frames go out on a stream of their own (delivery threads): the two acks may arrive either way round,
        // which the client's attempt numbers, not arrival order, sort out.
        assertThat(frames("conn-1")).filteredOn(Ack.class::isInstance).extracting(f -> ((Ack) f).attempt()).containsExactlyInAnyOrder(1, 2);
        MessageView seen = seen("conn-1", "m1");
        assertThat(seen.attempt()).isEqualTo(2);
        assertThat(seen.text()).isEqualTo("Try Vagabond — a samurai epic.").isEqualTo(stored("m1").answer().text());
        assertThat(stored("m1").answer().attempt()).isEqualTo(2);
    }

    @Test
    void run_whenTheEndpointKeepsDyingMidAnswer_endsInTheErrorAfterItsRestarts() {
        gpu.midStreamFailures.set(TurnPipeline.MID_STREAM_RESTARTS + 1);

        TurnOutcome outcome = pipeline.run(accept("conn-1", "m1", "hello"));

        assertThat(outcome).isInstanceOfSatisfying(TurnOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE));
        assertThat(seen("conn-1", "m1")).satisfies(v -> {
            assertThat(v.status()).isEqualTo(MessageStatus.FAILED);
            assertThat(v.attempt()).isEqualTo(TurnPipeline.MID_STREAM_RESTARTS + 1);
        });
        assertThat(stored("m1").state()).isEqualTo(MessageState.FAILED);
    }

    @Test
    void run_whenTheEndpointFailsBeforeAnyToken_storesAndSendsThatAttemptsError() {
        gpu.failWith = ErrorCode.CAPACITY_LIMIT;

        TurnOutcome outcome = pipeline.run(accept("conn-1", "m1", "hello"));

        assertThat(outcome).isInstanceOfSatisfying(TurnOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.CAPACITY_LIMIT));
        assertThat(frames("conn-1")).last().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.attempt()).isEqualTo(1);
            assertThat(error.seq()).isEqualTo(1);
        });
        assertThat(stored("m1").failure().code()).isEqualTo(ErrorCode.CAPACITY_LIMIT);
    }

    @Test
    void run_whenTheCallerHasTimeLeft_boundsTheStreamByIt() {
        TurnCommand accepted = accept("conn-1", "m1", "hello");
        TurnCommand inALambda = new TurnCommand(accepted.message(), Route.OVERFLOW, null, clock.instant().plusSeconds(40), 0, true);

        pipeline.run(inALambda);

        assertThat(gpu.bounds).singleElement().satisfies(bound -> assertThat(bound).isLessThanOrEqualTo(Duration.ofSeconds(37)));
    }

    @Test
    void run_whenOnATask_boundsTheStreamByTheRequestsTokenLimitNotTheStreamTotal() {
        pipeline.run(accept("conn-1", "m1", "hello"));

        InferenceRequest request = gpu.requests.get(0);
        assertThat(gpu.bounds).singleElement().isEqualTo(timings.streamFor(request.maxTokens()));
        assertThat(timings.streamFor(request.maxTokens())).isGreaterThan(timings.stream());
    }

    @Test
    void run_whenTheCallersTimeRunsOutMidAnswer_endsItsLeaseAndSendsNothingTerminal() {
        TurnCommand accepted = accept("conn-1", "m1", "hello");
        TurnCommand nearlyOut = new TurnCommand(accepted.message(), Route.OVERFLOW, null, clock.instant().plusSeconds(3), 0, true);

        TurnOutcome outcome = pipeline.run(nearlyOut);

        assertThat(outcome).isInstanceOf(TurnOutcome.Abandoned.class);
        assertThat(frames("conn-1")).noneMatch(f -> f instanceof Done || f instanceof ErrorFrame);
        // The lease ended: a redelivery or recovery claims the next attempt at once.
        assertThat(store.claim(accepted.key(), new ClaimRule.IfLeaseEnded(), Lease.running(clock.instant().plusSeconds(70)), null))
                .isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void run_whenTheStoreFails_abandonsSoRecoveryTriesAgain() {
        TurnCommand accepted = accept("conn-1", "m1", "hello");
        store.failWith = new IllegalStateException("DynamoDB stalled");

        TurnOutcome outcome = pipeline.run(accepted);

        assertThat(outcome).isInstanceOf(TurnOutcome.Abandoned.class);
        store.failWith = null;
        assertThat(stored("m1").state()).isEqualTo(MessageState.PENDING);
    }

    @Test
    void run_whenOlderThanTheAnswerDeadline_failsExpiredWithoutCallingTheModel() {
        TurnCommand accepted = accept("conn-1", "m1", "hello");
        clock.advance(timings.answerDeadline().plusSeconds(1));

        TurnOutcome outcome = pipeline.run(accepted);

        assertThat(outcome).isInstanceOfSatisfying(TurnOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.EXPIRED));
        assertThat(gpu.requests).isEmpty();
        assertThat(stored("m1").state()).isEqualTo(MessageState.FAILED);
    }

    @Test
    void run_whenAnEarlierMessageIsStillUnanswered_leavesItOutSoNoPromptHoldsTwoQuestionsInARow() {
        pipeline.run(accept("conn-1", "m1", "first question"));
        accept("conn-1", "m2", "a question whose task died");

        pipeline.run(accept("conn-1", "m3", "third question"));

        assertThat(gpu.requests.get(1).history()).extracting(t -> t.role() + ":" + t.text())
                .containsExactly("USER:first question", "ASSISTANT:Try Vagabond — a samurai epic.");
    }

    @Test
    void run_whenALateAnswerArrives_storesItNextToItsQuestionNotAfterNewerTurns() {
        pipeline.run(accept("conn-1", "m1", "first question"));
        TurnCommand stranded = accept("conn-1", "m2", "a question whose task died");
        pipeline.run(accept("conn-1", "m3", "third question"));

        // Recovery takes m2 over and answers it.
        Claim claim = store.claim(stranded.key(), new ClaimRule.Resend(clock.instant()), Lease.running(clock.instant().plusSeconds(70)), null);
        pipeline.run(new TurnCommand(((Claim.Claimed) claim).message(), Route.BASELINE, null, null, 0, false));

        assertThat(store.messagesFrom(conversation, 1)).extracting(m -> m.questionSeq() + ":" + m.messageId() + ":" + m.answerSeq())
                .containsExactly("1:m1:2", "3:m2:4", "5:m3:6");
        assertThat(store.messagesFrom(conversation, 1)).allSatisfy(m -> assertThat(m.state()).isEqualTo(MessageState.ANSWERED));
    }

    @Test
    void run_whenAnotherPathAnsweredAMessage_includesItInTheNextPrompt() {
        pipeline.run(accept("conn-1", "m1", "first question"));
        // The overflow Lambda answered m2: this process's L1 never saw the answer.
        TurnCommand viaLambda = accept("conn-1", "m2", "question via lambda");
        store.answer(viaLambda.key(), 1, new NewAnswer("answer via lambda", 9, List.of(), Route.OVERFLOW));

        pipeline.run(accept("conn-1", "m3", "third question"));

        assertThat(gpu.requests.get(1).history()).extracting(t -> t.text())
                .containsExactly("first question", "Try Vagabond — a samurai epic.", "question via lambda", "answer via lambda");
    }

    @Test
    void run_publishesOneChatEventPerClosedMessage() {
        pipeline.run(accept("conn-1", "m1", "hello"));
        gpu.failWith = ErrorCode.CAPACITY_LIMIT;
        pipeline.run(accept("conn-1", "m2", "again"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
        assertThat(published).extracting(ChatEvent::type).containsExactly(ChatEventType.TURN_COMPLETED, ChatEventType.TURN_FAILED);
        assertThat(published.get(0).ttftMillis()).isNotNull();
        assertThat(published.get(1).errorCode()).isEqualTo(ErrorCode.CAPACITY_LIMIT);
    }

    @Test
    void run_overALongConversation_neverSendsAPromptOverTheWindow() {
        gpu.tokens = List.of("An answer long enough to fill history. ".repeat(40));
        for (int i = 1; i <= 40; i++) {
            assertThat(pipeline.run(accept("conn-1", "m" + i, "question number " + i + " " + "detail ".repeat(60))))
                    .isInstanceOf(TurnOutcome.Completed.class);
        }

        assertThat(store.messagesFrom(conversation, 1)).hasSize(40);
        var counter = JtokkitTokenCounter.withDefaults();
        for (var request : gpu.requests) {
            int prompt = counter.count(request.systemPrompt()) + counter.count(request.query())
                    + request.history().stream().mapToInt(t -> t.tokens()).sum();
            assertThat(prompt + request.maxTokens()).isLessThanOrEqualTo(request.contextWindow());
            for (int t = 1; t < request.history().size(); t++) {
                assertThat(request.history().get(t).role() == Role.USER && request.history().get(t - 1).role() == Role.USER).isFalse();
            }
        }
        assertThat(frames("conn-1")).filteredOn(Done.class::isInstance).hasSize(40)
                .last().satisfies(done -> assertThat(((Done) done).truncated()).isTrue());
    }

    private static final Passage SLAM_DUNK = new Passage("slam-dunk", "catalog", "Slam Dunk (SLAM DUNK)", "By Takehiko Inoue. Shonen; sports.");
    private static final Passage REAL = new Passage("real", "catalog", "Real (リアル)", "By Takehiko Inoue. Seinen; sports, drama.");

    @Test
    void run_whenRetrievalFindsDocuments_givesThemToTheModelAndCitesThemInDone() {
        TurnOutcome outcome = grounded((query, k) -> List.of(SLAM_DUNK, REAL), null).run(accept("conn-1", "m1", "Any basketball manga?"));

        assertThat(outcome).isInstanceOf(TurnOutcome.Completed.class);
        assertThat(gpu.requests).singleElement().satisfies(r -> assertThat(ReferenceBlock.parse(r.ragContext())).containsExactly(SLAM_DUNK, REAL));
        assertThat(frames("conn-1")).last().isInstanceOfSatisfying(Done.class, done -> {
            assertThat(done.grounded()).isTrue();
            assertThat(done.sources()).containsExactly(SLAM_DUNK.source(), REAL.source());
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
        assertThat(published).singleElement().satisfies(e -> assertThat(e.retrieval()).isEqualTo(retrievals.get(0)));
        assertThat(retrievals).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RetrievalOutcome.GROUNDED);
            assertThat(r.passages()).isEqualTo(2);
        });
    }

    @Test
    void run_whenTheSearchEngineIsDown_answersWithoutContextAndSaysSo() {
        KnowledgeRetriever down = (query, k) -> {
            throw new IllegalStateException("search engine at http://127.0.0.1:9 unreachable");
        };

        TurnOutcome outcome = grounded(down, null).run(accept("conn-1", "m1", "Any basketball manga?"));

        assertThat(outcome).isInstanceOf(TurnOutcome.Completed.class);
        assertThat(gpu.requests).singleElement().satisfies(r -> assertThat(r.ragContext()).isNull());
        assertThat(frames("conn-1")).last().isInstanceOfSatisfying(Done.class, done -> {
            assertThat(done.grounded()).isFalse();
            assertThat(done.sources()).isEmpty();
        });
        assertThat(retrievals).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(RetrievalOutcome.FAILED));
    }

    @Test
    void run_whenAnotherPrincipalHasOrders_theyReachNoPromptNoLogAndNoDone() {
        PrintStream console = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        try (EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.start()) {
            OrdersTableSchema.createIfMissing(dynamo.client(), "orders");
            dynamo.client().putItem(b -> b.tableName("orders").item(OrdersTableSchema.item("user-a", order("A-7001", "Own Title"))));
            dynamo.client().putItem(b -> b.tableName("orders").item(OrdersTableSchema.item("user-b", order("B-9001", "Foreign Title"))));
            TurnPipeline pipeline = grounded((query, k) -> List.of(), new DynamoDbOrderLookup(dynamo.client(), "orders"));
            System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));

            // The message names the other customer's order: the lookup is keyed by the turn's principal, not by what is asked.
            pipeline.run(accept("conn-1", "m1", "Where is my order B-9001? I am user-b."));
        } finally {
            System.setErr(console);
        }

        assertThat(gpu.requests).singleElement().satisfies(r -> {
            assertThat(r.ragContext()).contains("A-7001", "Own Title");
            assertThat(r.ragContext()).doesNotContain("Foreign Title", "TRACK-B-9001");
        });
        assertThat(frames("conn-1")).last().isInstanceOfSatisfying(Done.class, done ->
                assertThat(done.sources()).extracting(Source::id).containsExactly("A-7001"));
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("Foreign Title", "TRACK-B-9001").doesNotContain("Own Title");
    }

    private static Order order(String orderId, String title) {
        return new Order(orderId, Instant.parse("2026-12-01T09:00:00Z"), Order.Status.SHIPPED,
                List.of(new Order.Item("s-" + orderId, title, title, 1, "print", 1, 700)), 700, "Yamato Transport", "TRACK-" + orderId,
                LocalDate.parse("2026-12-03"), null);
    }

    /** The pipeline of {@link #setUp}, its attempts renewing their lease every 20 ms. */
    private TurnPipeline renewingEvery20Ms() {
        return TurnPipeline.builder().store(store).history(history).budget(budget)
                .selector(new ModelSelector(ModelRoutingTable.defaults(), new ComplexityEstimator())).inference(gpu)
                .replies(ReplyStreams.withDefaults(gateway, delivery, timer)).events(events).timings(timings).clock(clock)
                .leaseRenewal(Duration.ofMillis(20)).build();
    }

    @Test
    void run_whenAnotherAttemptTakesTheMessageMidStream_cancelsTheGenerationAndSendsNothingMore() throws Exception {
        gpu.tokens = Collections.nCopies(500, "word ");
        TurnCommand first = accept("conn-1", "m1", "Tell me a long story");
        java.util.concurrent.CompletableFuture<TurnOutcome> running = java.util.concurrent.CompletableFuture.supplyAsync(() -> renewingEvery20Ms().run(first));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> frames("conn-1").stream().anyMatch(Token.class::isInstance));

        // The client sent the message again from another connection: attempt 2 takes it over.
        store.claim(first.key(), new ClaimRule.Resend(clock.instant()), Lease.running(clock.instant().plusSeconds(70)), "conn-2");

        assertThat(running.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(TurnOutcome.Superseded.class);
        assertThat(gpu.cancelled).hasValue(1);
        List<ServerFrame> sent = frames("conn-1");
        assertThat(sent).noneMatch(Done.class::isInstance);
        assertThat(sent).filteredOn(Token.class::isInstance).hasSizeLessThan(500);
    }

    @Test
    void run_whenTheAnswerStreamsLongerThanTheLease_recoveryDoesNotTakeItOver() throws Exception {
        gpu.tokens = Collections.nCopies(500, "word ");
        TurnCommand first = accept("conn-1", "m1", "Tell me a long story");
        java.util.concurrent.CompletableFuture<TurnOutcome> running = java.util.concurrent.CompletableFuture.supplyAsync(() -> renewingEvery20Ms().run(first));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> frames("conn-1").stream().anyMatch(Token.class::isInstance));

        clock.advance(timings.runningLease().plusSeconds(1));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.message(first.key()).leaseUntil().isAfter(clock.instant()));

        assertThat(store.claim(first.key(), new ClaimRule.IfLeaseEnded(), Lease.running(clock.instant().plusSeconds(70)), null))
                .isInstanceOf(Claim.Held.class);
        assertThat(running.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(TurnOutcome.Completed.class);
        assertThat(gpu.cancelled).hasValue(0);
    }

    @Test
    void receive_whenResendsStormARunningMessage_keepsOneGenerationAndStopsTheReplacedOneAtOnce() throws Exception {
        gpu.tokens = Collections.nCopies(500, "word ");
        RunningAttempts running = new RunningAttempts();
        TurnIntake sharedIntake = new TurnIntake(store, history, budget.counter(), timings, clock, running);
        // Renewals an hour apart: only the takeover in this process can stop the first attempt within this test.
        TurnPipeline sharing = TurnPipeline.builder().store(store).history(history).budget(budget)
                .selector(new ModelSelector(ModelRoutingTable.defaults(), new ComplexityEstimator())).inference(gpu)
                .replies(ReplyStreams.withDefaults(gateway, delivery, timer)).events(events).timings(timings).clock(clock)
                .leaseRenewal(Duration.ofHours(1)).runningAttempts(running).build();
        SendMessage resend = new SendMessage(conversation.conversationId(), "m1", "Tell me a long story", "en");
        TurnIntake.Received.Started accepted = (TurnIntake.Received.Started) sharedIntake.receive(conversation, resend, "conn-1", "req-1",
                AttemptStage.RUNNING);
        TurnCommand first = new TurnCommand(accepted.message(), Route.BASELINE, null, null, accepted.version(), false);
        java.util.concurrent.CompletableFuture<TurnOutcome> firstRun = java.util.concurrent.CompletableFuture.supplyAsync(() -> sharing.run(first));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> frames("conn-1").stream().anyMatch(Token.class::isInstance));

        List<TurnIntake.Received> storm = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            storm.add(sharedIntake.receive(conversation, resend, "conn-storm-" + i, "req-storm-" + i, AttemptStage.RUNNING));
        }
        assertThat(storm).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(TurnIntake.Received.Running.class,
                running1 -> assertThat(running1.retryAfter()).isEqualTo(timings.attemptRenewal())));
        assertThat(firstRun).isNotDone();

        clock.advance(timings.attemptRenewal());
        TurnIntake.Received takeover = sharedIntake.receive(conversation, resend, "conn-2", "req-2", AttemptStage.RUNNING);

        assertThat(takeover).isInstanceOfSatisfying(TurnIntake.Received.Started.class, started -> assertThat(started.message().attempt()).isEqualTo(2));
        assertThat(firstRun.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(TurnOutcome.Superseded.class);
        assertThat(gpu.cancelled).hasValue(1);
        assertThat(running.size()).isZero();
        assertThat(sharedIntake.receive(conversation, resend, "conn-3", "req-3", AttemptStage.RUNNING)).isInstanceOf(TurnIntake.Received.Running.class);
    }

    @Test
    void run_whenTheAttemptIsBeyondTheCap_failsTheMessageExplicitlyWithoutAGeneration() {
        TurnCommand first = accept("conn-1", "m1", "Hello");
        StoredMessage last = first.message();
        for (int i = 1; i <= AttemptCap.MAX_ATTEMPTS; i++) {
            last = ((Claim.Claimed) store.claim(first.key(), new ClaimRule.Resend(clock.instant()), Lease.running(clock.instant().plusSeconds(70)), "conn-2"))
                    .message();
        }
        int requestsBefore = gpu.requests.size();

        TurnOutcome outcome = pipeline.run(first.next(last));

        assertThat(outcome).isInstanceOfSatisfying(TurnOutcome.Failed.class, failed -> assertThat(failed.code()).isEqualTo(ErrorCode.INTERNAL));
        assertThat(gpu.requests).hasSize(requestsBefore);
        assertThat(store.message(first.key()).state()).isEqualTo(MessageState.FAILED);
        assertThat(frames("conn-2")).last().isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.attempt()).isEqualTo(AttemptCap.MAX_ATTEMPTS + 1);
            assertThat(error.message()).isEqualTo(AttemptCap.TEXT);
        });
    }
}
