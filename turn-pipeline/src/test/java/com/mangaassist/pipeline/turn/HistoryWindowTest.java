package com.mangaassist.pipeline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.MessageKey;
import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryWindowTest {

    static StoredMessage message(long index, MessageState state, int tokens, boolean pinned) {
        StoredMessage.Answer answer = state == MessageState.ANSWERED
                ? new StoredMessage.Answer("a" + index, tokens, List.of(), Route.BASELINE, 1, Instant.EPOCH) : null;
        StoredMessage.Failure failure = state == MessageState.FAILED ? new StoredMessage.Failure(ErrorCode.INTERNAL, "x", 1) : null;
        return new StoredMessage(new MessageKey("pk", index), "c", "p", "m" + index,
                new StoredMessage.Question("q" + index, tokens, pinned ? List.of("Berserk") : List.of(), null), state, 1, Instant.EPOCH,
                AttemptStage.RUNNING, "conn", "req", answer, failure, Instant.EPOCH, Instant.MAX);
    }

    private static List<StoredMessage> answered(int count, int tokens) {
        List<StoredMessage> messages = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            messages.add(message(i, MessageState.ANSWERED, tokens, i == 4));
        }
        return messages;
    }

    @Test
    void before_keepsOnlyAnsweredPairsBeforeTheQuery() {
        assertThat(HistoryWindow.before(answered(5, 10), 3, 1_000)).extracting(ConversationTurn::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void before_whenAMessageIsPendingOrFailed_leavesItsQuestionOut() {
        List<StoredMessage> window = List.of(message(1, MessageState.ANSWERED, 5, false), message(2, MessageState.PENDING, 5, false),
                message(3, MessageState.FAILED, 5, false), message(4, MessageState.ANSWERED, 5, false));

        List<ConversationTurn> turns = HistoryWindow.before(window, 5, 1_000);

        assertThat(turns).extracting(t -> t.role() + ":" + t.text()).containsExactly("USER:q1", "ASSISTANT:a1", "USER:q4", "ASSISTANT:a4");
        for (int i = 1; i < turns.size(); i++) {
            assertThat(turns.get(i).role()).isNotEqualTo(turns.get(i - 1).role());
        }
    }

    @Test
    void before_whenTheWindowStartsLate_numbersTurnsAsIfTheEarlierOnesWereThere() {
        List<StoredMessage> window = List.of(message(11, MessageState.ANSWERED, 5, false), message(12, MessageState.ANSWERED, 5, false));

        assertThat(HistoryWindow.before(window, 13, 1_000)).extracting(ConversationTurn::seq).containsExactly(21L, 22L, 23L, 24L);
    }

    @Test
    void before_whenHistoryExceedsTheBound_keepsPinnedTurnsAndTheRecentRun() {
        List<ConversationTurn> kept = HistoryWindow.before(answered(50, 10), 51, 100);

        // Whole exchanges: the pinned first and fourth (question 7 names an entity) with their answers, then the recent run.
        assertThat(kept).extracting(ConversationTurn::seq).containsExactly(1L, 2L, 7L, 8L, 91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L, 100L);
        assertThat(kept.get(2).role()).isEqualTo(Role.USER);
    }
}
