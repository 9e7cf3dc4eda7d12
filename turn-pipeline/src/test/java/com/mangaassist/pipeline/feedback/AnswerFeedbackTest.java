package com.mangaassist.pipeline.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import com.mangaassist.pipeline.testing.InMemoryConversationStore;
import com.mangaassist.pipeline.testing.TestClock;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.Feedback;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventType;
import com.mangaassist.shared.wire.events.FeedbackFigures;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.FeedbackSaved;
import com.mangaassist.shared.wire.server.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A rating is stored on the caller's own answered message, confirmed, published once per change without text, and counted. */
class AnswerFeedbackTest {

    private final TestClock clock = new TestClock();
    private final InMemoryConversationStore store = new InMemoryConversationStore(clock, Duration.ofDays(30));
    private final List<ChatEvent> published = new CopyOnWriteArrayList<>();
    private final ChatEventPublisher events = new ChatEventPublisher(batch -> {
        published.addAll(batch);
        return List.of();
    }, 100, 10, Duration.ofMillis(5));
    private final List<ChatEvent> counted = new CopyOnWriteArrayList<>();
    private final AnswerFeedback feedback = new AnswerFeedback(store, events, clock, counted::add);
    private final ConversationRef conversation = new ConversationRef("user-a", "c-1");

    @AfterEach
    void tearDown() {
        events.close();
    }

    private StoredMessage ask(String messageId) {
        return ((Acceptance.Accepted) store.accept(conversation, new NewQuestion(messageId, "q " + messageId, 3, List.of(), null, "conn", "req"),
                Lease.running(clock.instant().plusSeconds(70)))).message();
    }

    private StoredMessage answered(String messageId, ModelTier tier) {
        StoredMessage message = ask(messageId);
        store.answer(message.key(), 1, new NewAnswer("Try Berserk.", 3, List.of(), Route.OVERFLOW, 4, tier));
        return store.message(message.key());
    }

    private List<ChatEvent> flushed() {
        assertThat(events.flush(Duration.ofSeconds(5))).isTrue();
        return published;
    }

    @Test
    void give_whenTheAnswerIsTheCallers_storesItConfirmsAndPublishesAnEventWithoutText() {
        StoredMessage message = answered("m1", ModelTier.LARGE);

        ServerFrame reply = feedback.give("user-a", new Feedback("c-1", "m1", Rating.DOWN, "too dark for me"));

        assertThat(reply).isEqualTo(new FeedbackSaved("m1", 0, Rating.DOWN));
        assertThat(store.message(message.key()).answer().feedback())
                .isEqualTo(new StoredMessage.Feedback(Rating.DOWN, "too dark for me", clock.instant()));
        assertThat(flushed()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(ChatEventType.FEEDBACK);
            assertThat(event.conversationId()).isEqualTo("c-1");
            assertThat(event.messageId()).isEqualTo("m1");
            assertThat(event.principal()).isEqualTo("user-a");
            assertThat(event.route()).isEqualTo(Route.OVERFLOW);
            assertThat(event.feedback()).isEqualTo(new FeedbackFigures(Rating.DOWN, true, ModelTier.LARGE));
            assertThat(event.toString()).doesNotContain("too dark", "Try Berserk");
        });
        assertThat(counted).containsExactlyElementsOf(published);
    }

    @Test
    void give_whenTheCallerChangesTheirMind_replacesTheRatingAndCountsTheNewOne() {
        StoredMessage message = answered("m1", ModelTier.SMALL);
        feedback.give("user-a", new Feedback("c-1", "m1", Rating.DOWN, "too dark"));

        ServerFrame reply = feedback.give("user-a", new Feedback("c-1", "m1", Rating.UP, null));

        assertThat(reply).isEqualTo(new FeedbackSaved("m1", 0, Rating.UP));
        assertThat(store.message(message.key()).answer().feedback().rating()).isEqualTo(Rating.UP);
        assertThat(store.message(message.key()).answer().feedback().reason()).isNull();
        assertThat(flushed()).extracting(e -> e.feedback().rating()).containsExactly(Rating.DOWN, Rating.UP);
        assertThat(counted).hasSize(2);
    }

    @Test
    void give_whenTheSameFeedbackIsSentAgain_confirmsItAgainAndPublishesAndCountsNothingMore() {
        answered("m1", ModelTier.SMALL);
        feedback.give("user-a", new Feedback("c-1", "m1", Rating.UP, null));

        ServerFrame again = feedback.give("user-a", new Feedback("c-1", "m1", Rating.UP, null));

        assertThat(again).isEqualTo(new FeedbackSaved("m1", 0, Rating.UP));
        assertThat(flushed()).hasSize(1);
        assertThat(counted).hasSize(1);
    }

    @Test
    void give_whenTheAnswerKeptNoTier_publishesTheEventWithoutOne() {
        StoredMessage message = ask("m1");
        store.answer(message.key(), 1, new NewAnswer("Try Berserk.", 3, List.of(), Route.BASELINE));

        feedback.give("user-a", new Feedback("c-1", "m1", Rating.UP, null));

        assertThat(flushed()).singleElement().satisfies(event -> assertThat(event.feedback()).isEqualTo(new FeedbackFigures(Rating.UP, false, null)));
    }

    @Test
    void give_whenAnotherPrincipalNamesTheMessage_isRefusedAsAnUnknownIdAndNothingIsStoredPublishedOrCounted() {
        StoredMessage owners = answered("m1", ModelTier.SMALL);
        int writes = store.writes.get();

        ServerFrame intruder = feedback.give("user-b", new Feedback("c-1", "m1", Rating.DOWN, "sabotage"));
        ServerFrame unknown = feedback.give("user-a", new Feedback("c-1", "m9", Rating.DOWN, "sabotage"));

        assertThat(intruder).isInstanceOfSatisfying(ErrorFrame.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_MESSAGE);
            assertThat(error.messageId()).isEqualTo("m1");
            assertThat(error.isRefusal()).isTrue();
        });
        // Another principal's message and one nobody sent get the same words.
        assertThat(((ErrorFrame) intruder).message()).isEqualTo(((ErrorFrame) unknown).message());
        assertThat(store.message(owners.key())).isEqualTo(owners);
        assertThat(store.writes.get()).isEqualTo(writes);
        assertThat(flushed()).isEmpty();
        assertThat(counted).isEmpty();
    }

    @Test
    void give_whenTheMessageIsNotAnsweredYet_isRefusedAndWritesNothing() {
        StoredMessage pending = ask("m1");

        ServerFrame reply = feedback.give("user-a", new Feedback("c-1", "m1", Rating.UP, null));

        assertThat(reply).isInstanceOfSatisfying(ErrorFrame.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.NOT_ANSWERED));
        assertThat(store.message(pending.key())).isEqualTo(pending);
        assertThat(flushed()).isEmpty();
        assertThat(counted).isEmpty();
    }
}
