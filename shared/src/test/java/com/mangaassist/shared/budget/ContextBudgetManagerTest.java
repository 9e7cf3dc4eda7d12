package com.mangaassist.shared.budget;

import com.mangaassist.shared.domain.Role;

import static com.mangaassist.shared.budget.BudgetFixtures.COUNTER;
import static com.mangaassist.shared.budget.BudgetFixtures.conversation;
import static com.mangaassist.shared.budget.BudgetFixtures.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextBudgetManagerTest {

    private final ContextBudgetManager manager = new ContextBudgetManager(COUNTER, BudgetPolicy.defaults());

    private BudgetRequest.Builder seedsRequest(List<ConversationTurn> history) {
        // The seeds' numbers: 4096 window, 500 system, 512 output, 50 query, 300 RAG.
        return BudgetRequest.builder().systemPrompt(part(500)).outputReserve(512).query(part(50)).ragContext(part(300))
                .history(history).contextWindow(4096);
    }

    @Test
    void assemble_whenHistoryFits_includesEverythingWithoutMarker() {
        AssembledPrompt prompt = manager.assemble(seedsRequest(conversation(6, 50, 200)).build());

        assertThat(prompt.includedTurns()).hasSize(6);
        assertThat(prompt.truncated()).isFalse();
        assertThat(prompt.history()).noneMatch(m -> m.kind() == PromptMessage.Kind.TRUNCATION_MARKER);
        assertThat(prompt.totalTokens()).isEqualTo(500 + 512 + 50 + 300 + 3 * 250);
    }

    @Test
    void assemble_whenThirtyTurnConversation_keepsFirstExchangeAndRecentRunWithinWindow() {
        AssembledPrompt prompt = manager.assemble(seedsRequest(conversation(30, 50, 200)).build());

        assertThat(prompt.totalTokens()).isLessThanOrEqualTo(4096);
        assertThat(prompt.truncated()).isTrue();
        List<Long> seqs = prompt.includedTurns().stream().map(ConversationTurn::seq).toList();
        // The pinned first turn keeps its answer: an exchange stays or goes whole.
        assertThat(seqs).startsWith(1L, 2L);
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo(30);
        // After the pinned first exchange, the kept turns are one contiguous recent run of whole exchanges.
        List<Long> recent = seqs.subList(2, seqs.size());
        assertThat(recent.get(0) % 2).as("the run starts at a question").isEqualTo(1);
        for (int i = 1; i < recent.size(); i++) {
            assertThat(recent.get(i)).isEqualTo(recent.get(i - 1) + 1);
        }
        assertThat(prompt.turnsDropped()).isEqualTo(30 - seqs.size());
    }

    @Test
    void assemble_whenTurnsDropped_placesOneMarkerWhereHistoryWasLeftOut() {
        AssembledPrompt prompt = manager.assemble(seedsRequest(conversation(30, 50, 200)).build());

        List<PromptMessage.Kind> kinds = prompt.history().stream().map(PromptMessage::kind).toList();
        assertThat(kinds).containsOnlyOnce(PromptMessage.Kind.TRUNCATION_MARKER);
        assertThat(kinds.subList(0, 3)).containsExactly(PromptMessage.Kind.TURN, PromptMessage.Kind.TURN, PromptMessage.Kind.TRUNCATION_MARKER);
    }

    @Test
    void assemble_whenTurnsDropped_neverLeavesTwoUserTurnsInARow() {
        List<ConversationTurn> history = new ArrayList<>(conversation(30, 50, 200));
        history.set(8, new ConversationTurn(9, Role.USER, "about Berserk", 50, true, List.of("Berserk")));

        AssembledPrompt prompt = manager.assemble(seedsRequest(history).build());

        List<ConversationTurn> kept = prompt.includedTurns();
        assertThat(kept).extracting(ConversationTurn::seq).contains(9L, 10L);
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i).role() == Role.USER && kept.get(i - 1).role() == Role.USER).as("turns %d and %d", kept.get(i - 1).seq(),
                    kept.get(i).seq()).isFalse();
        }
    }

    @Test
    void assemble_whenEntityRichTurnIsOld_keepsItAheadOfRecency() {
        List<ConversationTurn> history = new ArrayList<>(conversation(30, 50, 200));
        ConversationTurn order = new ConversationTurn(5, Role.USER, "My order #A-1234 for Berserk vol. 3 is late", 50, true,
                List.of("order #A-1234", "Berserk vol. 3"));
        history.set(4, order);

        AssembledPrompt prompt = manager.assemble(seedsRequest(history).build());

        assertThat(prompt.includedTurns()).contains(order);
    }

    @Test
    void assemble_whenPinnedTurnsDoNotFit_compactsTheirEntitiesInOneBlock() {
        List<ConversationTurn> history = List.of(
                new ConversationTurn(1, Role.USER, "long first turn", 900, false, List.of("Vinland Saga")),
                new ConversationTurn(2, Role.ASSISTANT, "long answer", 900, true, List.of("Berserk", "Vagabond")),
                new ConversationTurn(3, Role.USER, "recent question", 40, false, List.of()));

        AssembledPrompt prompt = manager.assemble(BudgetRequest.builder().systemPrompt(part(300)).outputReserve(256)
                .query(part(40)).history(history).contextWindow(1024).build());

        assertThat(prompt.turnsCompacted()).isEqualTo(2);
        PromptMessage block = prompt.history().get(0);
        assertThat(block.kind()).isEqualTo(PromptMessage.Kind.ENTITY_COMPACTION);
        assertThat(block.text()).contains("Vinland Saga", "Berserk", "Vagabond");
        assertThat(prompt.includedTurns()).extracting(ConversationTurn::seq).containsExactly(3L);
        assertThat(prompt.totalTokens()).isLessThanOrEqualTo(1024);
    }

    @Test
    void assemble_whenCeilingSet_fitsTheReducedContext() {
        BudgetRequest request = seedsRequest(conversation(30, 50, 200)).outputReserve(256).systemPrompt(part(200))
                .ragContext(PromptPart.EMPTY).ceiling(1024).build();

        AssembledPrompt prompt = manager.assemble(request);

        assertThat(prompt.window()).isEqualTo(1024);
        assertThat(prompt.totalTokens()).isLessThanOrEqualTo(1024);
        assertThat(prompt.truncated()).isTrue();
    }

    @Test
    void assemble_whenFixedPartsExceedWindow_cutsLowestPriorityFirst() {
        BudgetRequest request = BudgetRequest.builder().systemPrompt(COUNTER.part("system ".repeat(100)))
                .outputReserve(256).query(COUNTER.part("query words ".repeat(40))).ragContext(COUNTER.part("rag context ".repeat(500)))
                .contextWindow(512).build();

        AssembledPrompt prompt = manager.assemble(request);

        assertThat(prompt.totalTokens()).isLessThanOrEqualTo(512);
        assertThat(prompt.trimmed()).containsExactly(PromptComponent.RAG_CONTEXT);
        assertThat(prompt.outputTokens()).isEqualTo(256);
        assertThat(prompt.systemPrompt().text()).isEqualTo("system ".repeat(100));
    }

    @Test
    void assemble_whenSystemPromptAloneExceedsWindow_stillNeverExceedsIt() {
        BudgetRequest request = BudgetRequest.builder().systemPrompt(COUNTER.part("rules ".repeat(2000))).outputReserve(64)
                .query(COUNTER.part("hello")).history(conversation(4, 10, 10)).contextWindow(256).build();

        AssembledPrompt prompt = manager.assemble(request);

        assertThat(prompt.totalTokens()).isLessThanOrEqualTo(256);
        assertThat(prompt.trimmed()).contains(PromptComponent.SYSTEM_PROMPT);
        assertThat(prompt.truncated()).isTrue();
        assertThat(prompt.history()).extracting(PromptMessage::kind).containsExactly(PromptMessage.Kind.TRUNCATION_MARKER);
    }

    @Test
    void assemble_whenHistoryWasTrimmedUpstream_countsTheMissingTurnsAndMarksThem() {
        List<ConversationTurn> trimmed = new ArrayList<>();
        trimmed.add(new ConversationTurn(1, Role.USER, "first", 50, false, List.of()));
        for (long seq = 91; seq <= 100; seq++) {
            trimmed.add(new ConversationTurn(seq, seq % 2 == 1 ? Role.USER : Role.ASSISTANT, "turn " + seq, 50, false, List.of()));
        }

        AssembledPrompt prompt = manager.assemble(seedsRequest(trimmed).build());

        assertThat(prompt.includedTurns()).hasSize(11);
        assertThat(prompt.turnsDropped()).isEqualTo(89);
        assertThat(prompt.truncated()).isTrue();
        assertThat(prompt.history()).extracting(PromptMessage::kind).containsSubsequence(
                PromptMessage.Kind.TURN, PromptMessage.Kind.TRUNCATION_MARKER, PromptMessage.Kind.TURN);
        assertThat(prompt.history().get(1).kind()).isEqualTo(PromptMessage.Kind.TRUNCATION_MARKER);
    }

    @Test
    void assemble_neverCallsTheTokenizerForHistory() {
        CountingTokenCounter counting = new CountingTokenCounter(COUNTER);
        ContextBudgetManager countingManager = new ContextBudgetManager(counting, BudgetPolicy.defaults());
        int callsAfterConstruction = counting.calls();

        countingManager.assemble(seedsRequest(conversation(100, 50, 200)).build());

        assertThat(counting.calls()).isEqualTo(callsAfterConstruction);
    }

    @Test
    void request_whenHistoryOutOfOrderOrWindowTooSmall_isRejected() {
        List<ConversationTurn> reversed = new ArrayList<>(conversation(3, 1, 1));
        java.util.Collections.reverse(reversed);

        assertThatThrownBy(() -> seedsRequest(reversed).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> seedsRequest(List.of()).contextWindow(32).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> seedsRequest(List.of()).ceiling(10).build()).isInstanceOf(IllegalArgumentException.class);
    }

    /** Wraps a counter and counts the calls, to prove history is never re-tokenized. */
    private static final class CountingTokenCounter implements TokenCounter {
        private final TokenCounter delegate;
        private int calls;

        CountingTokenCounter(TokenCounter delegate) {
            this.delegate = delegate;
        }

        int calls() {
            return calls;
        }

        @Override
        public int count(String text) {
            calls++;
            return delegate.count(text);
        }

        @Override
        public PromptPart truncate(String text, int maxTokens) {
            calls++;
            return delegate.truncate(text, maxTokens);
        }
    }
}
