package com.mangaassist.pipeline.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.localaws.EmbeddedDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbConversationStoreTest {

    private static EmbeddedDynamoDb dynamo;
    private static DynamoDbConversationStore store;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamoDb.start();
        ConversationTableSchema.createIfMissing(dynamo.client(), "conversations");
        ConversationTableSchema.createIfMissing(dynamo.client(), "conversations"); // idempotent
        store = new DynamoDbConversationStore(dynamo.client(), "conversations", Clock.systemUTC(), Duration.ofDays(30));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    private static String conversation() {
        return "conv-" + UUID.randomUUID();
    }

    private static NewTurn user(String messageId, String text) {
        return new NewTurn(Role.USER, text, 12, false, List.of(), messageId, null);
    }

    private static NewTurn assistant(String messageId, String text, Route route) {
        return new NewTurn(Role.ASSISTANT, text, 30, false, List.of("Berserk"), messageId, route);
    }

    @Test
    void append_whenNewConversation_makesCallerTheOwnerAndStoresTurnOne() {
        String id = conversation();

        AppendOutcome outcome = store.append(id, "user-a", user("m1", "hello"));

        assertThat(outcome).isInstanceOfSatisfying(AppendOutcome.Appended.class, appended -> {
            assertThat(appended.seq()).isEqualTo(1);
            assertThat(appended.turn()).isEqualTo(store.turnsAfter(id, 0).get(0));
        });
        assertThat(store.meta(id)).isEqualTo(new ConversationMeta("user-a", 1));
    }

    @Test
    void append_fortyTurns_keepsOrderAndEveryField() {
        String id = conversation();
        for (int i = 1; i <= 20; i++) {
            store.append(id, "user-a", user("m" + i, "question " + i));
            store.append(id, "user-a", assistant("m" + i, "answer " + i, i % 2 == 0 ? Route.OVERFLOW : Route.BASELINE));
        }

        List<StoredTurn> turns = store.turnsAfter(id, 0);

        assertThat(turns).extracting(StoredTurn::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
        StoredTurn last = turns.get(39);
        assertThat(last.turn().text()).isEqualTo("answer 20");
        assertThat(last.turn().role()).isEqualTo(Role.ASSISTANT);
        assertThat(last.turn().entities()).containsExactly("Berserk");
        assertThat(last.route()).isEqualTo(Route.OVERFLOW);
        assertThat(last.messageId()).isEqualTo("m20");
        assertThat(turns.get(0).route()).isNull();
    }

    @Test
    void append_whenMessageAlreadyStored_isDuplicateAndWritesNothing() {
        String id = conversation();
        store.append(id, "user-a", user("m1", "hello"));
        store.append(id, "user-a", assistant("m1", "hi!", Route.BASELINE));

        AppendOutcome again = store.append(id, "user-a", user("m1", "hello"));
        AppendOutcome answerAgain = store.append(id, "user-a", assistant("m1", "hi again!", Route.OVERFLOW));

        assertThat(again).isEqualTo(new AppendOutcome.Duplicate(1));
        assertThat(answerAgain).isEqualTo(new AppendOutcome.Duplicate(2));
        assertThat(store.turnsAfter(id, 0)).hasSize(2);
        assertThat(store.meta(id).turnCount()).isEqualTo(2);
    }

    @Test
    void append_byAnotherPrincipal_isForbiddenAndWritesNothing() {
        String id = conversation();
        store.append(id, "user-a", user("m1", "mine"));

        AppendOutcome outcome = store.append(id, "user-b", user("m2", "let me in"));

        assertThat(outcome).isInstanceOf(AppendOutcome.Forbidden.class);
        assertThat(store.turnsAfter(id, 0)).extracting(t -> t.turn().text()).containsExactly("mine");
    }

    @Test
    void append_fromConcurrentWriters_losesNothingAndLeavesNoGap() throws Exception {
        String id = conversation();
        store.append(id, "user-a", user("m0", "start"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<AppendOutcome>> outcomes = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            String messageId = "c" + i;
            outcomes.add(pool.submit(() -> store.append(id, "user-a", user(messageId, "concurrent " + messageId))));
        }
        List<Long> seqs = new ArrayList<>();
        for (Future<AppendOutcome> outcome : outcomes) {
            seqs.add(((AppendOutcome.Appended) outcome.get(60, TimeUnit.SECONDS)).seq());
        }
        pool.shutdown();

        assertThat(seqs).doesNotHaveDuplicates().hasSize(24).allMatch(s -> s >= 2 && s <= 25);
        assertThat(store.turnsAfter(id, 0)).extracting(StoredTurn::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        assertThat(store.meta(id).turnCount()).isEqualTo(25);
    }

    @Test
    void turnsAfter_returnsOnlyNewerTurns_andRecentReturnsTheTailOldestFirst() {
        String id = conversation();
        for (int i = 1; i <= 12; i++) {
            store.append(id, "user-a", user("m" + i, "q" + i));
        }

        assertThat(store.turnsAfter(id, 9)).extracting(StoredTurn::seq).containsExactly(10L, 11L, 12L);
        assertThat(store.turnsAfter(id, 12)).isEmpty();
        assertThat(store.recent(id, 4)).extracting(StoredTurn::seq).containsExactly(9L, 10L, 11L, 12L);
    }

    @Test
    void meta_ofUnknownConversation_isAbsentAndOpenToAnyone() {
        ConversationMeta meta = store.meta(conversation());

        assertThat(meta.exists()).isFalse();
        assertThat(meta.ownedBy("anyone")).isTrue();
        assertThat(store.recent(conversation(), 5)).isEmpty();
    }
}
