package com.mangaassist.pipeline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.EmbeddedDynamoDb;
import com.mangaassist.pipeline.conversation.Acceptance;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationTableSchema;
import com.mangaassist.pipeline.conversation.DynamoDbConversationStore;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.NewAnswer;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.Resume;
import com.mangaassist.shared.wire.server.Resumed;
import com.mangaassist.shared.wire.server.ResumedTurn;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.TurnState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConversationResumeTest {

    private static EmbeddedDynamoDb dynamo;
    private static DynamoDbConversationStore store;
    private final ConversationRef conversation = new ConversationRef("user-a", "c-" + UUID.randomUUID());

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamoDb.start();
        ConversationTableSchema.createIfMissing(dynamo.client(), "conversations");
        store = new DynamoDbConversationStore(dynamo.client(), "conversations", Clock.systemUTC(), Duration.ofDays(1));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    private StoredMessage ask(String messageId) {
        return ((Acceptance.Accepted) store.accept(conversation, new NewQuestion(messageId, "q " + messageId, 3, List.of(), null, "conn", "req"),
                Lease.running(Instant.now().plusSeconds(70)))).message();
    }

    private void converse(int exchanges, String answerText) {
        for (int i = 1; i <= exchanges; i++) {
            StoredMessage message = ask("m" + i);
            store.answer(message.key(), 1, new NewAnswer(answerText, 3, List.of(), Route.OVERFLOW));
        }
    }

    private Resumed resume(String principal, Long lastSeq) {
        return (Resumed) ConversationResume.withDefaults(store).resume(principal, new Resume(conversation.conversationId(), lastSeq));
    }

    @Test
    void resume_withLastSeq_returnsOnlyTheTurnsAfterIt() {
        converse(3, "a");

        assertThat(resume("user-a", 4L).turns()).extracting(ResumedTurn::seq).containsExactly(5L, 6L);
        assertThat(resume("user-a", 3L).turns()).extracting(ResumedTurn::seq).containsExactly(4L, 5L, 6L);
    }

    @Test
    void resume_withoutLastSeq_returnsTheMostRecentTurnsWithinTheLimit() {
        converse(15, "a");

        Resumed resumed = resume("user-a", null);

        assertThat(resumed.turns()).extracting(ResumedTurn::seq).hasSize(20).startsWith(11L).endsWith(30L);
        assertThat(resumed.turns().get(1).route()).isEqualTo(Route.OVERFLOW);
        assertThat(resumed.turns().get(0).state()).isEqualTo(TurnState.ANSWERED);
    }

    @Test
    void resume_givesEveryQuestionItsState_soTheClientKnowsWhatToSendAgain() {
        converse(1, "a");
        ask("m2");
        StoredMessage failed = ask("m3");
        store.fail(failed.key(), 1, ErrorCode.CAPACITY_LIMIT, "too large");

        assertThat(resume("user-a", null).turns()).extracting(t -> t.seq() + ":" + t.role() + ":" + t.state() + ":" + t.code())
                .containsExactly("1:USER:ANSWERED:null", "2:ASSISTANT:null:null", "3:USER:PENDING:null", "5:USER:FAILED:CAPACITY_LIMIT");
    }

    @Test
    void resume_whenTheCallerRatedAnAnswer_carriesTheRatingOnThatAnswerOnly() {
        converse(2, "a");
        store.feedback(conversation, "m1", new StoredMessage.Feedback(Rating.DOWN, "too dark", Instant.now()));

        assertThat(resume("user-a", null).turns()).extracting(t -> t.seq() + ":" + t.role() + ":" + t.rating())
                .containsExactly("1:USER:null", "2:ASSISTANT:DOWN", "3:USER:null", "4:ASSISTANT:null");
    }

    @Test
    void resume_whenAnOversizedAnswerIsCut_keepsItsRating() {
        converse(1, "長い回答".repeat(3000));
        store.feedback(conversation, "m1", new StoredMessage.Feedback(Rating.UP, null, Instant.now()));

        assertThat(resume("user-a", null).turns()).singleElement().satisfies(turn -> {
            assertThat(turn.text()).endsWith(ConversationResume.CUT_MARKER);
            assertThat(turn.rating()).isEqualTo(Rating.UP);
        });
    }

    @Test
    void resume_whenTurnsExceedOneFrame_keepsTheNewestThatFitAndCutsAnOversizedOne() {
        converse(3, "長い回答".repeat(3000));
        ServerFrameCodec codec = ServerFrameCodec.withDefaults();

        Resumed resumed = resume("user-a", null);

        assertThat(codec.encodeBytes(resumed).length).isLessThanOrEqualTo(32 * 1024);
        assertThat(resumed.turns()).singleElement().satisfies(turn -> {
            assertThat(turn.seq()).isEqualTo(6);
            assertThat(turn.text()).endsWith(ConversationResume.CUT_MARKER);
        });
    }

    @Test
    void resume_byAnotherPrincipal_looksExactlyLikeAnUnknownConversation() {
        converse(1, "a");

        Resumed intruder = resume("user-b", null);
        Resumed unknown = (Resumed) ConversationResume.withDefaults(store).resume("user-b", new Resume("c-" + UUID.randomUUID(), null));

        assertThat(intruder.turns()).isEmpty();
        assertThat(intruder).isEqualTo(new Resumed(conversation.conversationId(), 0, List.of()));
        assertThat(unknown.turns()).isEmpty();
    }
}
