package com.mangaassist.pipeline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.pipeline.conversation.StoredTurn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryWindowTest {

    private static List<StoredTurn> turns(int count, int tokens) {
        List<StoredTurn> turns = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            turns.add(new StoredTurn(new ConversationTurn(seq, seq % 2 == 1 ? Role.USER : Role.ASSISTANT, "t" + seq, tokens, seq == 7, List.of()),
                    "m" + seq, null, Instant.EPOCH));
        }
        return turns;
    }

    @Test
    void before_keepsOnlyTurnsBeforeTheQuery() {
        assertThat(HistoryWindow.before(turns(10, 10), 5, 1_000)).extracting(ConversationTurn::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void before_whenHistoryExceedsTheBound_keepsPinnedTurnsAndTheRecentRun() {
        List<ConversationTurn> kept = HistoryWindow.before(turns(100, 10), 101, 100);

        assertThat(kept).extracting(ConversationTurn::seq).containsExactly(1L, 7L, 91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L, 100L);
    }
}
