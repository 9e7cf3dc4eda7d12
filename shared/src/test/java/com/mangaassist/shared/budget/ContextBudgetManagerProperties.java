package com.mangaassist.shared.budget;

import com.mangaassist.shared.domain.Role;

import static com.mangaassist.shared.budget.BudgetFixtures.COUNTER;
import static com.mangaassist.shared.budget.BudgetFixtures.part;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The budget's guarantees over random histories, budgets and ceilings: never over the window,
 * order preserved, pinned turns kept while they fit, recency otherwise, and the marker exactly
 * when something was dropped.
 */
class ContextBudgetManagerProperties {

    private final ContextBudgetManager manager = new ContextBudgetManager(COUNTER, BudgetPolicy.defaults());
    private final int markerTokens = COUNTER.count(BudgetPolicy.defaults().truncationMarker());

    @Property(tries = 1_000)
    void totalTokens_neverExceedsTheEffectiveWindow(@ForAll("requests") BudgetRequest request) {
        AssembledPrompt prompt = manager.assemble(request);

        assertThat(prompt.totalTokens()).isLessThanOrEqualTo(request.effectiveWindow());
        assertThat(prompt.window()).isEqualTo(request.effectiveWindow());
        assertThat(prompt.outputTokens()).isBetween(0, request.outputReserve());
    }

    @Property(tries = 1_000)
    void includedTurns_keepConversationOrder(@ForAll("requests") BudgetRequest request) {
        AssembledPrompt prompt = manager.assemble(request);

        List<Long> seqs = prompt.includedTurns().stream().map(ConversationTurn::seq).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(request.history()).containsAll(prompt.includedTurns());
        List<Long> messageSeqs = prompt.history().stream().filter(m -> m.kind() == PromptMessage.Kind.TURN).map(PromptMessage::seq).toList();
        assertThat(messageSeqs).isEqualTo(seqs);
    }

    @Property(tries = 1_000)
    void marker_appearsExactlyOnceExactlyWhenTurnsWereDropped(@ForAll("requests") BudgetRequest request) {
        AssembledPrompt prompt = manager.assemble(request);

        long markers = prompt.history().stream().filter(m -> m.kind() == PromptMessage.Kind.TRUNCATION_MARKER).count();
        assertThat(prompt.turnsDropped()).isEqualTo(request.history().size() - prompt.includedTurns().size() + upstreamGaps(request));
        assertThat(markers).isEqualTo(prompt.truncated() ? 1 : 0);
        assertThat(prompt.truncated()).isEqualTo(prompt.includedTurns().size() < request.history().size() || upstreamGaps(request) > 0);

        Statistics.label("outcome").collect(prompt.turnsCompacted() > 0 ? "compacted" : prompt.truncated() ? "truncated" : "complete");
        // The generator must reach every branch, or the properties above prove little.
        Statistics.label("outcome").coverage(checker -> {
            checker.check("complete").percentage(p -> p > 5);
            checker.check("truncated").percentage(p -> p > 5);
            checker.check("compacted").count(c -> c > 0);
        });
    }

    /** A user turn and the assistant turn right after it, as the manager keeps them: together. */
    private static List<List<ConversationTurn>> exchanges(List<ConversationTurn> history) {
        List<List<ConversationTurn>> units = new java.util.ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            ConversationTurn turn = history.get(i);
            if (i + 1 < history.size() && turn.role() == com.mangaassist.shared.domain.Role.USER
                    && history.get(i + 1).role() == com.mangaassist.shared.domain.Role.ASSISTANT && history.get(i + 1).seq() == turn.seq() + 1) {
                units.add(List.of(turn, history.get(++i)));
            } else {
                units.add(List.of(turn));
            }
        }
        return units;
    }

    private static boolean pinned(List<ConversationTurn> unit) {
        return unit.stream().anyMatch(ConversationTurn::isPinned);
    }

    private static long tokens(List<ConversationTurn> unit) {
        return unit.stream().mapToLong(ConversationTurn::tokens).sum();
    }

    @Property(tries = 1_000)
    void pinnedExchanges_stayWhileTheyFit(@ForAll("requests") BudgetRequest request) {
        AssembledPrompt prompt = manager.assemble(request);

        List<ConversationTurn> pinned = exchanges(request.history()).stream().filter(ContextBudgetManagerProperties::pinned)
                .flatMap(List::stream).toList();
        long pinnedTokens = pinned.stream().mapToLong(ConversationTurn::tokens).sum();
        long fixed = (long) request.systemPrompt().tokens() + request.outputReserve() + request.query().tokens() + request.ragContext().tokens();
        if (pinnedTokens + fixed + markerTokens <= request.effectiveWindow()) {
            assertThat(prompt.includedTurns()).containsAll(pinned);
            assertThat(prompt.turnsCompacted()).isZero();
        }
    }

    @Property(tries = 1_000)
    void unpinnedExchanges_areTheLongestRecentRunThatFits(@ForAll("requests") BudgetRequest request) {
        AssembledPrompt prompt = manager.assemble(request);

        List<List<ConversationTurn>> unpinned = exchanges(request.history()).stream().filter(u -> !pinned(u)).toList();
        List<List<ConversationTurn>> keptUnpinned = unpinned.stream().filter(u -> prompt.includedTurns().containsAll(u)).toList();
        // Recency: the kept unpinned exchanges are a suffix of all unpinned exchanges, each kept whole...
        assertThat(unpinned.subList(unpinned.size() - keptUnpinned.size(), unpinned.size())).isEqualTo(keptUnpinned);
        assertThat(unpinned).allMatch(u -> prompt.includedTurns().containsAll(u) || u.stream().noneMatch(prompt.includedTurns()::contains));
        // ...and the run stops only because the next older exchange does not fit in what is left.
        if (keptUnpinned.size() < unpinned.size()) {
            List<ConversationTurn> nextOlder = unpinned.get(unpinned.size() - keptUnpinned.size() - 1);
            assertThat(tokens(nextOlder)).isGreaterThan(prompt.window() - prompt.totalTokens());
        }
    }

    private static long upstreamGaps(BudgetRequest request) {
        List<ConversationTurn> h = request.history();
        return h.isEmpty() ? 0 : h.get(h.size() - 1).seq() - h.size();
    }

    @Provide
    Arbitrary<BudgetRequest> requests() {
        Arbitrary<Integer> window = Arbitraries.integers().between(BudgetRequest.MIN_WINDOW, 8192);
        Arbitrary<Integer> ceiling = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(BudgetRequest.MIN_WINDOW, 8192));
        Arbitrary<Integer> system = Arbitraries.integers().between(0, 1500);
        Arbitrary<Integer> output = Arbitraries.integers().between(0, 1024);
        Arbitrary<Integer> query = Arbitraries.integers().between(0, 500);
        Arbitrary<Integer> rag = Arbitraries.integers().between(0, 1000);
        Arbitrary<List<ConversationTurn>> history = histories();
        return Combinators.combine(window, ceiling, system, output, query, rag, history).as((w, c, s, o, q, r, h) ->
                BudgetRequest.builder().contextWindow(w).ceiling(c).systemPrompt(part(s)).outputReserve(o)
                        .query(part(q)).ragContext(part(r)).history(h).build());
    }

    private Arbitrary<List<ConversationTurn>> histories() {
        Arbitrary<Integer> tokens = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(1, 300)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 3000)));
        Arbitrary<Boolean> pinned = Arbitraries.of(true, false).edgeCases(e -> e.includeOnly(false));
        Arbitrary<List<String>> entities = Arbitraries.of("Berserk", "order #A-1234", "Vinland Saga", "Naruto vol. 3", "田中さん")
                .list().ofMaxSize(3);
        Arbitrary<TurnShape> shape = Combinators.combine(tokens, pinned.injectNull(0.0), entities)
                .as((t, p, e) -> new TurnShape(t, p && Math.floorMod(t, 9) == 0, e));
        // One history in five arrives pre-trimmed upstream: it starts after turn 1 or skips turns.
        Arbitrary<Integer> gapEvery = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(2, 20)));
        return Combinators.combine(shape.list().ofMaxSize(150), gapEvery).as((shapes, every) -> {
            List<ConversationTurn> turns = new ArrayList<>(shapes.size());
            long seq = every > 0 ? 3 : 1;
            for (int i = 0; i < shapes.size(); i++) {
                TurnShape s = shapes.get(i);
                turns.add(new ConversationTurn(seq, i % 2 == 0 ? Role.USER : Role.ASSISTANT, "turn " + seq, s.tokens(), s.pinned(), s.entities()));
                seq += every > 0 && i % every == every - 1 ? 4 : 1;
            }
            return turns;
        });
    }

    private record TurnShape(int tokens, boolean pinned, List<String> entities) {
    }
}
