package com.mangaassist.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.it.faults.HistoryChecker.Verdict;
import com.mangaassist.pipeline.conversation.AttemptStage;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.ConversationStore;
import com.mangaassist.pipeline.conversation.MessageState;
import com.mangaassist.pipeline.conversation.StoredMessage;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.chatclient.MessageStatus;
import com.mangaassist.chatclient.MessageView;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker finds each thing it counts, from outcomes and stored messages made by hand (no platform). */
class HistoryCheckerTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private final List<StoredMessage> stored = new ArrayList<>();
    private final SimulatedUser user = new SimulatedUser("ann", "c-1", URI.create("ws://127.0.0.1:1/ws"), List.of(), Duration.ofSeconds(6),
            Duration.ofSeconds(1));

    @Test
    void check_whenWhatTheUserSawIsWhatIsStored_isClean() {
        answered(1, "c-1-m1", "Try Vagabond.");
        saw("c-1-m1", MessageStatus.DONE, "Try Vagabond.");

        Verdict verdict = check();

        assertThat(verdict.clean()).as(verdict.details()).isTrue();
        assertThat(verdict.answered()).isEqualTo(1);
    }

    @Test
    void check_whenTheShownAnswerJoinsTwoGenerations_countsItSpliced() {
        answered(1, "c-1-m1", "Try Vagabond.");
        saw("c-1-m1", MessageStatus.DONE, "Try VagTry Vagabond.");

        assertThat(check().spliced()).hasSize(1);
    }

    @Test
    void check_whenTheUserNeverSawAnEnding_countsItLost() {
        answered(1, "c-1-m1", "Try Vagabond.");
        saw("c-1-m1", MessageStatus.STREAMING, "Try");

        assertThat(check().lost()).hasSize(1);
    }

    @Test
    void check_whenAMessageIsStoredTwiceOrUntyped_countsItDuplicated() {
        answered(1, "c-1-m1", "Try Vagabond.");
        answered(2, "c-1-m1", "Try Vagabond.");
        answered(3, "c-1-m9", "Nobody asked.");
        saw("c-1-m1", MessageStatus.DONE, "Try Vagabond.");

        assertThat(check().duplicated()).hasSize(2);
    }

    @Test
    void check_whenAStoredMessageIsStillPending_countsItStranded() {
        stored.add(message(1, "c-1-m1", MessageState.PENDING, null));
        saw("c-1-m1", MessageStatus.FAILED, "");

        Verdict verdict = check();

        assertThat(verdict.stranded()).hasSize(1);
        assertThat(verdict.lost()).as("shown an error the store does not hold").hasSize(1);
    }

    @Test
    void check_whenIndexesSkip_countsAGap() {
        answered(2, "c-1-m1", "Try Vagabond.");
        saw("c-1-m1", MessageStatus.DONE, "Try Vagabond.");

        assertThat(check().gaps()).hasSize(1);
    }

    private Verdict check() {
        return new HistoryChecker(storeOf(stored)).check("test", List.of(user), Duration.ZERO);
    }

    private void saw(String messageId, MessageStatus status, String text) {
        user.outcomes.put(messageId, new MessageView(messageId, status, 1, text, null, null, 1, 2, Route.BASELINE, 0));
        user.settleMillis.put(messageId, 100L);
        user.sends.put(messageId, 1);
    }

    private void answered(long index, String messageId, String text) {
        stored.add(message(index, messageId, MessageState.ANSWERED, new StoredMessage.Answer(text, 3, List.of(), Route.BASELINE, 1, NOW)));
    }

    private static StoredMessage message(long index, String messageId, MessageState state, StoredMessage.Answer answer) {
        ConversationRef ref = new ConversationRef("ann", "c-1");
        return new StoredMessage(ref.message(index), "c-1", "ann", messageId, new StoredMessage.Question("q", 1, List.of(), "en"), state, 1,
                NOW, AttemptStage.RUNNING, "conn", "req", answer, null, NOW, NOW.plus(Duration.ofDays(1)));
    }

    /** A store that answers the one read the checker makes. */
    private static ConversationStore storeOf(List<StoredMessage> messages) {
        return (ConversationStore) Proxy.newProxyInstance(ConversationStore.class.getClassLoader(), new Class<?>[] {ConversationStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("messagesFrom")) {
                        return List.copyOf(messages);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
