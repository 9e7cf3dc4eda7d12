package com.mangaassist.gpu.engine.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.gpu.engine.ChatMessage;
import com.mangaassist.shared.domain.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prefix-cache model: what a conversation's next turn finds cached, and what eviction takes. */
class PrefixCacheTest {

    private static final ChatMessage SYSTEM = new ChatMessage(Role.SYSTEM, "You are MangaAssist. ".repeat(20));

    private static List<ChatMessage> turn(String conversation, int turns, String question) {
        List<ChatMessage> messages = new ArrayList<>(List.of(SYSTEM));
        for (int i = 0; i < turns; i++) {
            messages.add(new ChatMessage(Role.USER, conversation + " question " + i + " ".repeat(200)));
            messages.add(new ChatMessage(Role.ASSISTANT, conversation + " answer " + i + " ".repeat(400)));
        }
        messages.add(ChatMessage.reference("references for " + question + " ".repeat(300)));
        messages.add(new ChatMessage(Role.USER, question));
        return messages;
    }

    @Test
    void lookUp_whenTheConversationsNextTurnComes_skipsItsSystemPromptAndEarlierHistory() {
        PrefixCache cache = new PrefixCache(16, 100_000);
        cache.lookUpAndInsert(turn("c1", 2, "third?"), 1_500);

        int hit = cache.lookUpAndInsert(turn("c1", 3, "fourth?"), 2_000);

        // System prompt and the first two exchanges are where the previous prompt left them; the third exchange, the new
        // references and the question are not.
        assertThat(hit).isPositive().isLessThan(2_000).isEqualTo(hit / 16 * 16);
        assertThat(cache.stats().hitTokens()).isEqualTo(hit);
        assertThat(cache.stats().queriedTokens()).isEqualTo(3_500);
    }

    @Test
    void lookUp_whenAnotherConversationShowsUp_sharesOnlyTheSystemPrompt() {
        PrefixCache cache = new PrefixCache(16, 100_000);
        int warmHistory = cache.lookUpAndInsert(turn("c1", 2, "q"), 1_500);

        int other = cache.lookUpAndInsert(turn("c2", 2, "q"), 1_500);
        int again = cache.lookUpAndInsert(turn("c1", 3, "q2"), 2_000);

        assertThat(warmHistory).isZero();
        assertThat(other).isPositive().isLessThan(again);
    }

    @Test
    void lookUp_whenThePoolCannotHoldEverything_evictsTheLeastRecentlyUsed() {
        PrefixCache cache = new PrefixCache(16, 120);
        cache.lookUpAndInsert(turn("c1", 2, "q"), 1_500);
        for (int i = 0; i < 5; i++) {
            cache.lookUpAndInsert(turn("other" + i, 2, "q"), 1_500);
        }

        int hit = cache.lookUpAndInsert(turn("c1", 3, "q2"), 2_000);

        // c1's history was pushed out; at most the shared system prompt, which every turn touched, is left.
        assertThat(hit).isLessThan(200);
    }

    @Test
    void clear_whenTheEngineResetsItsKvCache_forgetsEverything() {
        PrefixCache cache = new PrefixCache(16, 100_000);
        cache.lookUpAndInsert(turn("c1", 2, "q"), 1_500);
        cache.clear();

        assertThat(cache.lookUpAndInsert(turn("c1", 3, "q2"), 2_000)).isZero();
    }
}
