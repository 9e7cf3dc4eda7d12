package com.mangaassist.pipeline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.pipeline.conversation.CacheEvent;
import com.mangaassist.pipeline.conversation.NewTurn;
import com.mangaassist.pipeline.conversation.StoredTurn;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.testing.InMemoryConversationStore;
import com.mangaassist.pipeline.testing.RecordingConnectionSink;
import com.mangaassist.pipeline.testing.ScriptedStreamer;
import com.mangaassist.shared.budget.BudgetPolicy;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.model.ComplexityEstimator;
import com.mangaassist.shared.model.ModelRoutingTable;
import com.mangaassist.shared.model.ModelSelector;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventType;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.Token;
import java.time.Duration;
import java.time.Instant;
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
 * connection sink and a scripted GPU endpoint. Ownership, idempotency, order, cancellation on 410,
 * and turns written elsewhere reaching the next prompt, with no emulator in the way.
 */
class TurnPipelineTest {

    private static ExecutorService delivery;
    private static ScheduledExecutorService timer;

    private final ScriptedStreamer gpu = new ScriptedStreamer();
    private final RecordingConnectionSink gateway = new RecordingConnectionSink();
    private final List<ChatEvent> published = new CopyOnWriteArrayList<>();
    private final List<CacheEvent> cacheEvents = new CopyOnWriteArrayList<>();
    private InMemoryConversationStore store;
    private ChatEventPublisher events;
    private TurnPipeline pipeline;
    private String conversationId;

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
        store = new InMemoryConversationStore();
        events = new ChatEventPublisher(batch -> {
            published.addAll(batch);
            return List.of();
        }, 100, 10, Duration.ofMillis(5));
        pipeline = pipeline(TieredHistoryLoader.withDefaults(null, store, cacheEvents::add));
        conversationId = "c-" + UUID.randomUUID();
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    private TurnPipeline pipeline(TieredHistoryLoader history) {
        return TurnPipeline.builder().store(store).history(history)
                .budget(new ContextBudgetManager(JtokkitTokenCounter.withDefaults(), BudgetPolicy.defaults()))
                .selector(new ModelSelector(ModelRoutingTable.defaults(), new ComplexityEstimator())).inference(gpu)
                .replies(ReplyStreams.withDefaults(gateway, delivery, timer)).events(events).build();
    }

    private TurnCommand command(String connectionId, String principal, String messageId, String text) {
        return new TurnCommand(connectionId, principal, "req-" + messageId, new SendMessage(conversationId, messageId, text, "en"),
                Route.BASELINE, null, null);
    }

    private List<ServerFrame> frames(String connectionId) {
        return gateway.framesFor(connectionId);
    }

    @Test
    void run_whenAnswered_streamsTokensInOrderThenDoneAndStoresBothTurns() {
        TurnOutcome outcome = pipeline.run(command("conn-1", "user-a", "m1", "Recommend a samurai manga"));

        assertThat(outcome).isInstanceOf(TurnOutcome.Completed.class);
        List<ServerFrame> frames = frames("conn-1");
        assertThat(frames).last().isInstanceOf(Done.class);
        assertThat(frames).extracting(ServerFrame::seq).isSorted().doesNotHaveDuplicates().startsWith(1L);
        String streamed = frames.stream().filter(Token.class::isInstance).map(f -> ((Token) f).text()).reduce("", String::concat);
        assertThat(streamed).isEqualTo("Try Vagabond — a samurai epic.");
        List<StoredTurn> stored = store.turnsAfter(conversationId, 0);
        assertThat(stored).extracting(t -> t.turn().role()).containsExactly(Role.USER, Role.ASSISTANT);
        assertThat(stored.get(1).turn().text()).isEqualTo(streamed);
        assertThat(stored.get(1).route()).isEqualTo(Route.BASELINE);
    }

    @Test
    void run_whenTheSameMessageIdArrivesTwice_answersOnceAndStoresOneAnswer() {
        pipeline.run(command("conn-1", "user-a", "m1", "hello"));
        TurnOutcome second = pipeline.run(command("conn-1", "user-a", "m1", "hello"));

        assertThat(second).isEqualTo(new TurnOutcome.Failed(ErrorCode.DUPLICATE,
                "this message was already answered; resume the conversation to see the answer"));
        assertThat(gpu.requests).hasSize(1);
        assertThat(store.turnsAfter(conversationId, 0)).hasSize(2);
        assertThat(frames("conn-1")).filteredOn(Done.class::isInstance).hasSize(1);
        assertThat(frames("conn-1")).last().isInstanceOfSatisfying(ErrorFrame.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.DUPLICATE));
    }

    @Test
    void run_whenAnotherPrincipalWrites_refusesAndWritesNothing() {
        pipeline.run(command("conn-1", "user-a", "m1", "hello"));

        TurnOutcome intruder = pipeline.run(command("conn-2", "user-b", "m2", "let me in"));

        assertThat(intruder).isInstanceOfSatisfying(TurnOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(store.turnsAfter(conversationId, 0)).hasSize(2);
        assertThat(gpu.requests).hasSize(1);
        assertThat(frames("conn-2")).singleElement().isInstanceOf(ErrorFrame.class);
    }

    @Test
    void run_whenTheConnectionVanishesMidStream_cancelsGenerationKeepsTheUserTurnAndAnswersARetry() {
        gpu.tokens = java.util.Collections.nCopies(200, "word ");
        gateway.goneAfter((connection, body) -> body.contains("\"type\":\"token\""));

        TurnOutcome outcome = pipeline.run(command("conn-1", "user-a", "m1", "hello"));

        assertThat(outcome).isInstanceOf(TurnOutcome.ConnectionGone.class);
        assertThat(gpu.cancelled).hasValue(1);
        assertThat(store.turnsAfter(conversationId, 0)).extracting(t -> t.turn().role()).containsExactly(Role.USER);

        gateway.clear();
        TurnOutcome retry = pipeline.run(command("conn-9", "user-a", "m1", "hello"));

        assertThat(retry).isInstanceOf(TurnOutcome.Completed.class);
        assertThat(store.turnsAfter(conversationId, 0)).extracting(t -> t.turn().role()).containsExactly(Role.USER, Role.ASSISTANT);
        assertThat(gpu.requests.get(1).history()).isEmpty();
    }

    @Test
    void run_whenAnotherPathWroteATurn_includesItInTheNextPrompt() {
        pipeline.run(command("conn-1", "user-a", "m1", "first question"));
        // The overflow Lambda answered a turn for this conversation: this task's L1 never saw it.
        store.append(conversationId, "user-a", new NewTurn(Role.USER, "question via lambda", 9, false, List.of(), "m2", null));
        store.append(conversationId, "user-a", new NewTurn(Role.ASSISTANT, "answer via lambda", 9, false, List.of(), "m2", Route.OVERFLOW));

        pipeline.run(command("conn-1", "user-a", "m3", "third question"));

        assertThat(gpu.requests.get(1).history()).extracting(t -> t.text())
                .containsExactly("first question", "Try Vagabond — a samurai epic.", "question via lambda", "answer via lambda");
    }

    @Test
    void run_whenTheGpuEndpointFails_endsWithItsErrorCodeAndKeepsTheUserTurn() {
        gpu.failWith = ErrorCode.MODEL_UNAVAILABLE;

        TurnOutcome outcome = pipeline.run(command("conn-1", "user-a", "m1", "hello"));

        assertThat(outcome).isInstanceOfSatisfying(TurnOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE));
        assertThat(frames("conn-1")).singleElement().isInstanceOfSatisfying(ErrorFrame.class,
                error -> assertThat(error.messageId()).isEqualTo("m1"));
        assertThat(store.turnsAfter(conversationId, 0)).hasSize(1);
    }

    @Test
    void run_whenPastItsDeadline_answersExpiredAndWritesNothing() {
        TurnCommand late = new TurnCommand("conn-1", "user-a", "req-1", new SendMessage(conversationId, "m1", "hello", null),
                Route.OVERFLOW, null, Instant.now().minusSeconds(1));

        TurnOutcome outcome = pipeline.run(late);

        assertThat(outcome).isInstanceOfSatisfying(TurnOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.EXPIRED));
        assertThat(gpu.requests).isEmpty();
        assertThat(store.meta(conversationId).exists()).isFalse();
    }

    @Test
    void run_publishesOneChatEventPerTurn() {
        pipeline.run(command("conn-1", "user-a", "m1", "hello"));
        gpu.failWith = ErrorCode.CAPACITY_LIMIT;
        pipeline.run(command("conn-1", "user-a", "m2", "again"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
        assertThat(published).extracting(ChatEvent::type).containsExactly(ChatEventType.TURN_COMPLETED, ChatEventType.TURN_FAILED);
        assertThat(published.get(0).ttftMillis()).isNotNull();
        assertThat(published.get(1).errorCode()).isEqualTo(ErrorCode.CAPACITY_LIMIT);
    }

    @Test
    void run_overALongConversation_neverSendsAPromptOverTheWindow() {
        gpu.tokens = List.of("An answer long enough to fill history. ".repeat(40));
        for (int i = 1; i <= 40; i++) {
            assertThat(pipeline.run(command("conn-1", "user-a", "m" + i, "question number " + i + " " + "detail ".repeat(60))))
                    .isInstanceOf(TurnOutcome.Completed.class);
        }

        assertThat(store.turnsAfter(conversationId, 0)).hasSize(80);
        var counter = JtokkitTokenCounter.withDefaults();
        for (var request : gpu.requests) {
            int prompt = counter.count(request.systemPrompt()) + counter.count(request.query())
                    + request.history().stream().mapToInt(t -> t.tokens()).sum();
            assertThat(prompt + request.maxTokens()).isLessThanOrEqualTo(request.contextWindow());
        }
        assertThat(frames("conn-1")).filteredOn(Done.class::isInstance).hasSize(40)
                .last().satisfies(done -> assertThat(((Done) done).truncated()).isTrue());
    }
}
