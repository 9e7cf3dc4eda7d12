package com.mangaassist.pipeline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.domain.Role;
import com.mangaassist.pipeline.conversation.ConversationTableSchema;
import com.mangaassist.pipeline.conversation.DynamoDbConversationStore;
import com.mangaassist.pipeline.conversation.NewTurn;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.Resume;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.Resumed;
import com.mangaassist.shared.wire.server.ResumedTurn;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.localaws.EmbeddedDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConversationResumeTest {

    private static EmbeddedDynamoDb dynamo;
    private static DynamoDbConversationStore store;
    private final String conversationId = "c-" + UUID.randomUUID();

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

    private void converse(int exchanges, String answerText) {
        for (int i = 1; i <= exchanges; i++) {
            store.append(conversationId, "user-a", new NewTurn(Role.USER, "q" + i, 3, false, List.of(), "m" + i, null));
            store.append(conversationId, "user-a", new NewTurn(Role.ASSISTANT, answerText, 3, false, List.of(), "m" + i, Route.OVERFLOW));
        }
    }

    @Test
    void resume_withLastSeq_returnsOnlyTheTurnsAfterIt() {
        converse(3, "a");

        ServerFrame frame = ConversationResume.withDefaults(store).resume("user-a", new Resume(conversationId, 4L));

        assertThat(frame).isInstanceOfSatisfying(Resumed.class, resumed -> assertThat(resumed.turns())
                .extracting(ResumedTurn::seq).containsExactly(5L, 6L));
    }

    @Test
    void resume_withoutLastSeq_returnsTheMostRecentTurnsWithinTheLimit() {
        converse(15, "a");

        Resumed resumed = (Resumed) ConversationResume.withDefaults(store).resume("user-a", new Resume(conversationId, null));

        assertThat(resumed.turns()).extracting(ResumedTurn::seq).hasSize(20).startsWith(11L).endsWith(30L);
        assertThat(resumed.turns().get(1).route()).isEqualTo(Route.OVERFLOW);
    }

    @Test
    void resume_whenTurnsExceedOneFrame_keepsTheNewestThatFitAndCutsAnOversizedOne() {
        converse(3, "長い回答".repeat(3000));
        ServerFrameCodec codec = ServerFrameCodec.withDefaults();

        Resumed resumed = (Resumed) ConversationResume.withDefaults(store).resume("user-a", new Resume(conversationId, null));

        assertThat(codec.encodeBytes(resumed).length).isLessThanOrEqualTo(32 * 1024);
        assertThat(resumed.turns()).singleElement().satisfies(turn -> {
            assertThat(turn.seq()).isEqualTo(6);
            assertThat(turn.text()).endsWith(ConversationResume.CUT_MARKER);
        });
    }

    @Test
    void resume_byAnotherPrincipal_isForbidden() {
        converse(1, "a");

        ServerFrame frame = ConversationResume.withDefaults(store).resume("user-b", new Resume(conversationId, null));

        assertThat(frame).isInstanceOfSatisfying(ErrorFrame.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void resume_ofAnUnknownConversation_isEmpty() {
        assertThat(ConversationResume.withDefaults(store).resume("user-a", new Resume(conversationId, null)))
                .isEqualTo(new Resumed(conversationId, 0, List.of()));
    }
}
