package com.mangaassist.orchestrator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.orchestrator.admission.TokenBuckets;
import com.mangaassist.orchestrator.connection.FrameReply;
import com.mangaassist.orchestrator.testing.OrchestratorParts;
import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.conversation.UsagePeriods;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.feedback.AnswerFeedback;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventType;
import com.mangaassist.shared.wire.server.FeedbackSaved;
import com.mangaassist.shared.wire.server.Quota;
import com.mangaassist.shared.wire.server.QuotaWindow;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.UsageReport;
import com.mangaassist.pipeline.turn.ConversationResume;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.routing.SpillMode;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.ClientFrameCodec;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import com.mangaassist.shared.wire.gateway.GatewayRoute;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.Pong;
import com.mangaassist.shared.wire.server.Resumed;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One $default frame each: decoded strictly, then a message to admission, a resume from the store, a feedback on the
 * caller's own answer, or a pong; anything else is a typed error.
 */
class FrameDispatcherTest {

    private static final String CONNECTION = "connDispatch001=";

    private OrchestratorParts parts;
    private FrameDispatcher dispatcher;
    private final List<ChatEvent> published = new CopyOnWriteArrayList<>();
    private ChatEventPublisher events;

    @BeforeEach
    void setUp() {
        parts = new OrchestratorParts(2, SpillMode.HYBRID, true, command -> new TurnOutcome.Superseded());
        events = new ChatEventPublisher(batch -> {
            published.addAll(batch);
            return List.of();
        }, 100, 10, Duration.ofMillis(5));
        // A burst of 3 ratings per connection, refilled at one a minute: the fourth in a row is refused.
        dispatcher = new FrameDispatcher(ClientFrameCodec.withDefaults(), parts.admission, ConversationResume.withDefaults(parts.store),
                new AnswerFeedback(parts.store, events, parts.clock, parts.metrics::rated), parts.quotas, parts.rateLimiter,
                new TokenBuckets(1.0 / 60, 3, System::nanoTime), parts.principals, parts.frames, parts.metrics);
    }

    @AfterEach
    void tearDown() {
        events.close();
        parts.close();
    }

    /** A message of {@code principal}'s conversation c-1, answered by the overflow path's large tier. */
    private StoredMessage answered(String principal, String messageId) {
        StoredMessage message = ((Acceptance.Accepted) parts.store.accept(new ConversationRef(principal, "c-1"),
                new NewQuestion(messageId, "hello", 2, List.of(), null, CONNECTION, "r"), Lease.running(parts.clock.instant().plusSeconds(70))))
                .message();
        parts.store.answer(message.key(), 1, new NewAnswer("Try Berserk.", 3, List.of(), Route.OVERFLOW, 3, ModelTier.LARGE));
        return parts.store.message(message.key());
    }

    private static String feedback(String messageId, String rating, String reason) {
        return "{\"action\":\"feedback\",\"conversationId\":\"c-1\",\"messageId\":\"" + messageId + "\",\"rating\":\"" + rating + "\""
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
    }

    private double rated(String rating, String route, String tier) {
        Counter counter = parts.registry.find(MetricNames.ANSWERS_RATED).tag(MetricNames.RATING, rating).tag(MetricNames.ROUTE, route)
                .tag(MetricNames.TIER, tier).counter();
        return counter == null ? 0 : counter.count();
    }

    private double ratedInAll() {
        return parts.registry.find(MetricNames.ANSWERS_RATED).counters().stream().mapToDouble(Counter::count).sum();
    }

    private List<ChatEvent> flushed() {
        assertThat(events.flush(Duration.ofSeconds(5))).isTrue();
        return published;
    }

    private void dispatch(String principal, String body) {
        dispatcher.dispatch(new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-1", principal, body),
                FrameReply.viaConnection(CONNECTION, parts.frames));
    }

    private ErrorFrame onlyError() {
        assertThat(parts.connections.framesFor(CONNECTION)).hasSize(1);
        return (ErrorFrame) parts.connections.framesFor(CONNECTION).get(0);
    }

    @Test
    void dispatch_sendMessage_reachesAdmission() {
        dispatch("user-a", "{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"hello\"}");

        assertThat(parts.connections.framesFor(CONNECTION)).first().isEqualTo(new Ack("m1", 0, 1, 1));
    }

    @Test
    void dispatchForResponse_sendMessage_returnsTheAckForTheIntegrationResponseAndPostsNothing() {
        ServerFrame reply = dispatcher.dispatchForResponse(new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-1", "user-a",
                "{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"hello\"}"));

        assertThat(reply).isEqualTo(new Ack("m1", 0, 1, 1));
        assertThat(parts.connections.framesFor(CONNECTION)).isEmpty();
    }

    @Test
    void dispatchForResponse_malformedFrame_returnsTheTypedError() {
        ServerFrame reply = dispatcher.dispatchForResponse(new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-1", "user-a", "{\"action\":"));

        assertThat(reply).isInstanceOfSatisfying(ErrorFrame.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_JSON));
        assertThat(parts.connections.framesFor(CONNECTION)).isEmpty();
    }

    /** An answer of {@code principal} charged {@code tokens}, as the pipeline stores one. */
    private void charge(String principal, String messageId, long tokens) {
        StoredMessage message = ((Acceptance.Accepted) parts.store.accept(new ConversationRef(principal, "c-spent"),
                new NewQuestion(messageId, "hello", 2, List.of(), null, CONNECTION, "r"), Lease.running(parts.clock.instant().plusSeconds(70))))
                .message();
        parts.store.answer(message.key(), 1, new NewAnswer("Try Berserk.", 3, List.of(), Route.BASELINE, 3, ModelTier.SMALL, tokens));
    }

    @Test
    void dispatch_sendMessage_whenTheCallersDailyBudgetIsSpent_refusesQuotaExceededUntilTheDayEndsAndStoresNothing() {
        charge("user-a", "m-old", OrchestratorParts.DAILY_TOKENS);
        Instant dayEnds = UsagePeriods.at(parts.clock.instant()).dayResetsAt();

        dispatch("user-a", "{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"hello\"}");

        ErrorFrame refused = onlyError();
        assertThat(refused.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(refused.isRefusal()).isTrue();
        assertThat(refused.messageId()).isEqualTo("m1");
        assertThat(refused.retryAfterMs()).isEqualTo(Duration.between(parts.clock.instant(), dayEnds).toMillis());
        assertThat(refused.message()).contains("10000 tokens for today").contains(dayEnds.toString());
        assertThat(parts.store.messagesFrom(new ConversationRef("user-a", "c-1"), 1)).isEmpty();
        assertThat(parts.executor.running()).isZero();
    }

    @Test
    void dispatch_sendMessage_whenAnotherCallersBudgetIsSpent_acceptsIt() {
        charge("user-b", "m-old", OrchestratorParts.MONTHLY_TOKENS);

        dispatch("user-a", "{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"hello\"}");

        assertThat(parts.connections.framesFor(CONNECTION)).first().isEqualTo(new Ack("m1", 0, 1, 1));
    }

    @Test
    void dispatch_usage_reportsTheCallersOwnUsageAgainstTheBudgets() {
        charge("user-a", "m-old", 1_234);
        charge("user-b", "m-other", 9_000);
        UsagePeriods periods = UsagePeriods.at(parts.clock.instant());

        dispatch("user-a", "{\"action\":\"usage\"}");

        assertThat(parts.connections.framesFor(CONNECTION)).containsExactly(UsageReport.of(new Quota(
                new QuotaWindow(1_234, OrchestratorParts.DAILY_TOKENS, periods.dayResetsAt()),
                new QuotaWindow(1_234, OrchestratorParts.MONTHLY_TOKENS, periods.monthResetsAt()))));
    }

    @Test
    void dispatch_usage_whenTheConnectionAskedTooOften_refusesRateLimited() {
        for (int i = 0; i < 3; i++) {
            dispatch("user-a", "{\"action\":\"usage\"}");
        }
        parts.connections.clear();

        dispatch("user-a", "{\"action\":\"usage\"}");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void dispatch_ping_answersPong() {
        dispatch("user-a", "{\"action\":\"ping\"}");

        assertThat(parts.connections.framesFor(CONNECTION)).singleElement().isInstanceOf(Pong.class);
    }

    @Test
    void dispatch_resume_answersTheCallersTurnsAndNobodyElses() {
        parts.store.accept(new ConversationRef("user-a", "c-1"), new NewQuestion("m1", "hello", 2, List.of(), null, CONNECTION, "r"),
                Lease.running(java.time.Instant.now().plusSeconds(70)));

        dispatch("user-a", "{\"action\":\"resume\",\"conversationId\":\"c-1\"}");
        dispatch("user-b", "{\"action\":\"resume\",\"conversationId\":\"c-1\"}");

        List<ServerFrame> frames = parts.connections.framesFor(CONNECTION);
        assertThat(frames.get(0)).isInstanceOfSatisfying(Resumed.class,
                resumed -> assertThat(resumed.turns()).singleElement().satisfies(turn -> assertThat(turn.text()).isEqualTo("hello")));
        // Another principal's conversation looks exactly like one that does not exist.
        assertThat(frames.get(1)).isEqualTo(new Resumed("c-1", 0, List.of()));
    }

    @Test
    void dispatch_feedbackOnTheCallersAnswer_storesItConfirmsItPublishesItAndCountsIt() {
        StoredMessage message = answered("user-a", "m1");

        dispatch("user-a", feedback("m1", "down", "too dark for me"));

        assertThat(parts.connections.framesFor(CONNECTION)).containsExactly(new FeedbackSaved("m1", 0, Rating.DOWN));
        assertThat(parts.store.message(message.key()).answer().feedback().reason()).isEqualTo("too dark for me");
        assertThat(flushed()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(ChatEventType.FEEDBACK);
            assertThat(event.toString()).doesNotContain("too dark");
        });
        assertThat(rated("down", "overflow", "large")).isEqualTo(1);
        assertThat(ratedInAll()).isEqualTo(1);
    }

    @Test
    void dispatchForResponse_feedback_returnsFeedbackSavedForTheIntegrationResponseAndPostsNothing() {
        answered("user-a", "m1");

        ServerFrame reply = dispatcher.dispatchForResponse(new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-1", "user-a",
                feedback("m1", "up", null)));

        assertThat(reply).isEqualTo(new FeedbackSaved("m1", 0, Rating.UP));
        assertThat(parts.connections.framesFor(CONNECTION)).isEmpty();
    }

    @Test
    void dispatch_feedbackChangeOfMindAndResend_replacesTheRatingAndCountsOnlyChanges() {
        StoredMessage message = answered("user-a", "m1");

        dispatch("user-a", feedback("m1", "up", null));
        dispatch("user-a", feedback("m1", "down", "on second thought"));
        dispatch("user-a", feedback("m1", "down", "on second thought"));

        assertThat(parts.connections.framesFor(CONNECTION)).containsExactly(new FeedbackSaved("m1", 0, Rating.UP),
                new FeedbackSaved("m1", 0, Rating.DOWN), new FeedbackSaved("m1", 0, Rating.DOWN));
        assertThat(parts.store.message(message.key()).answer().feedback().rating()).isEqualTo(Rating.DOWN);
        assertThat(flushed()).extracting(e -> e.feedback().rating()).containsExactly(Rating.UP, Rating.DOWN);
        assertThat(rated("up", "overflow", "large")).isEqualTo(1);
        assertThat(rated("down", "overflow", "large")).isEqualTo(1);
    }

    @Test
    void dispatch_feedbackOnAnotherPrincipalsMessage_isRefusedLikeAnUnknownIdAndNothingIsStoredEmittedOrCounted() {
        StoredMessage owners = answered("user-a", "m1");
        int writes = parts.store.writes.get();

        dispatch("user-b", feedback("m1", "down", "sabotage"));
        dispatch("user-b", feedback("m-never-sent", "down", "sabotage"));

        List<ServerFrame> frames = parts.connections.framesFor(CONNECTION);
        assertThat(frames).hasSize(2).allSatisfy(frame -> assertThat(frame).isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_MESSAGE);
            assertThat(error.isRefusal()).isTrue();
        }));
        // The owner's message and one nobody sent are refused in the same words: the refusal tells the caller nothing.
        assertThat(((ErrorFrame) frames.get(0)).message()).isEqualTo(((ErrorFrame) frames.get(1)).message());
        assertThat(parts.store.message(owners.key())).isEqualTo(owners);
        assertThat(parts.store.writes.get()).isEqualTo(writes);
        assertThat(flushed()).isEmpty();
        assertThat(ratedInAll()).isZero();
        assertThat(parts.registry.find("frames.rejected").tag("code", "unknown_message").counter().count()).isEqualTo(2);
    }

    @Test
    void dispatch_feedbackBeforeTheAnswer_isRefusedAsNotAnsweredAndWritesNothing() {
        parts.store.accept(new ConversationRef("user-a", "c-1"), new NewQuestion("m1", "hello", 2, List.of(), null, CONNECTION, "r"),
                Lease.running(parts.clock.instant().plusSeconds(70)));

        dispatch("user-a", feedback("m1", "up", null));

        assertThat(onlyError()).satisfies(error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.NOT_ANSWERED);
            assertThat(error.messageId()).isEqualTo("m1");
        });
        assertThat(parts.store.all()).singleElement().satisfies(m -> assertThat(m.answer()).isNull());
        assertThat(flushed()).isEmpty();
    }

    @Test
    void dispatch_feedbackWithAReasonOverItsLimit_isRefusedWithTheCodecsCodeAndItsMessageId() {
        answered("user-a", "m1");

        dispatch("user-a", feedback("m1", "down", "x".repeat(501)));

        assertThat(onlyError()).satisfies(error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.TEXT_TOO_LONG);
            assertThat(error.messageId()).isEqualTo("m1");
        });
        assertThat(parts.store.all()).singleElement().satisfies(m -> assertThat(m.answer().feedback()).isNull());
    }

    @Test
    void dispatch_feedbackFloodOnOneConnection_isRateLimitedOnItsOwnBucketAndMessagesStillGetThrough() {
        answered("user-a", "m1");
        for (int i = 0; i < 4; i++) {
            dispatch("user-a", feedback("m1", i % 2 == 0 ? "up" : "down", null));
        }
        dispatch("user-a", "{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m2\",\"text\":\"hello\"}");

        List<ServerFrame> frames = parts.connections.framesFor(CONNECTION);
        assertThat(frames.subList(0, 3)).allSatisfy(frame -> assertThat(frame).isInstanceOf(FeedbackSaved.class));
        assertThat(frames.get(3)).isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(error.retryAfterMs()).isPositive();
            assertThat(error.messageId()).isEqualTo("m1");
        });
        assertThat(frames.get(4)).isInstanceOf(Ack.class);
    }

    @Test
    void dispatch_emptyFrame_isRefusedWithATypedError() {
        dispatch("user-a", "");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void dispatch_textWithAControlCharacter_isRefusedAsInvalidTextAndStoresNothing() {
        dispatch("user-a", "{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"bad \\u0000 text\"}");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.INVALID_TEXT);
        assertThat(parts.store.all()).isEmpty();
    }

    @Test
    void dispatch_malformedJson_isRefusedWithItsCodeAndCounted() {
        dispatch("user-a", "{\"action\":");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(parts.registry.find("frames.rejected").tag("code", "malformed_json").counter().count()).isEqualTo(1);
    }

    @Test
    void dispatch_unknownAction_isRefusedWithUnknownAction() {
        dispatch("user-a", "{\"action\":\"deleteEverything\"}");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.UNKNOWN_ACTION);
    }

    @Test
    void dispatch_withoutAPrincipal_isRefusedAsUnauthorized() {
        dispatch(null, "{\"action\":\"ping\"}");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }
}
