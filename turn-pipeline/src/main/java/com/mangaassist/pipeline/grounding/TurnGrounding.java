package com.mangaassist.pipeline.grounding;

import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.budget.TokenCounter;
import com.mangaassist.shared.grounding.Passage;
import com.mangaassist.shared.grounding.ReferenceBlock;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import com.mangaassist.shared.wire.server.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrieval for one turn, inside its deadline: the catalog and policies for every message, and the
 * caller's own orders when the message asks about orders, looked up side by side; then as many
 * passages as fit the RAG slot (orders first: nothing else can answer "where is my order?"), each
 * cut to its own share. Whatever is not back by the deadline is left out and the turn goes on: a
 * slow or dead engine gives an answer without context ({@code grounded: false}), never a failed
 * turn. Logs carry ids and figures, never the query or a document's text.
 */
public final class TurnGrounding {

    private static final Logger LOG = LoggerFactory.getLogger(TurnGrounding.class);

    private final KnowledgeRetriever knowledge;
    private final OrderLookup orders;
    private final TokenCounter counter;
    private final GroundingLimits limits;
    private final Executor executor;
    private final Consumer<RetrievalFigures> figures;

    /**
     * @param knowledge {@code null} without a search endpoint
     * @param orders    {@code null} without an orders table
     * @param executor  where lookups run, so the turn's thread can stop waiting at the deadline
     * @param figures   each turn's retrieval figures (the metrics)
     */
    public TurnGrounding(KnowledgeRetriever knowledge, OrderLookup orders, TokenCounter counter, GroundingLimits limits, Executor executor,
                         Consumer<RetrievalFigures> figures) {
        this.knowledge = knowledge;
        this.orders = orders;
        this.counter = Objects.requireNonNull(counter, "counter");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.figures = Objects.requireNonNull(figures, "figures");
    }

    /** No retrieval at all: every answer comes without context. */
    public static TurnGrounding disabled(TokenCounter counter) {
        return new TurnGrounding(null, null, counter, GroundingLimits.DEFAULTS, Runnable::run, f -> { });
    }

    /**
     * @param message          the message being answered
     * @param previousUserTurn the caller's previous message in this conversation, or {@code null}
     * @param principal        the turn's authenticated principal: whose orders may be looked up
     * @param roomTokens       what the prompt has left for the RAG context after the system prompt, the output reserve and the query
     * @param requestId        for the log line
     */
    public Grounding ground(String message, String previousUserTurn, String principal, int roomTokens, String requestId) {
        String language = RetrievalQuery.languageOf(message);
        boolean wantsOrders = orders != null && QuestionKinds.asksAboutOrders(message, language);
        if (knowledge == null && !wantsOrders) {
            return Grounding.NONE;
        }
        long start = System.nanoTime();
        RetrievalQuery query = RetrievalQuery.of(message, QuestionKinds.leansOnPreviousTurn(message, language) ? previousUserTurn : null);
        CompletableFuture<List<Passage>> ownOrders = wantsOrders ? lookup(() -> orders.recentOrders(principal, language, limits.orders()))
                : CompletableFuture.completedFuture(List.of());
        CompletableFuture<List<Passage>> documents = knowledge != null ? lookup(() -> knowledge.retrieve(query, limits.topK()))
                : CompletableFuture.completedFuture(List.of());
        Part orderPart = await(ownOrders, start);
        Part documentPart = await(documents, start);
        List<Passage> packed = pack(orderPart.passages, documentPart.passages, Math.min(limits.slotTokens(), roomTokens));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        RetrievalOutcome outcome = !packed.isEmpty() ? RetrievalOutcome.GROUNDED
                : orderPart.outcome == RetrievalOutcome.TIMED_OUT || documentPart.outcome == RetrievalOutcome.TIMED_OUT ? RetrievalOutcome.TIMED_OUT
                : orderPart.outcome == RetrievalOutcome.FAILED || documentPart.outcome == RetrievalOutcome.FAILED ? RetrievalOutcome.FAILED
                : RetrievalOutcome.NO_HITS;
        RetrievalFigures result = new RetrievalFigures(packed.size(), millis, outcome);
        figures.accept(result);
        if (orderPart.outcome != null || documentPart.outcome != null) {
            LOG.warn("event=retrieval_degraded requestId={} outcome={} documents={} orders={} millis={}", requestId, outcome.wireName(),
                    documentPart.describe(), orderPart.describe(), millis);
        }
        String block = ReferenceBlock.render(packed);
        return new Grounding(packed, packed.isEmpty() ? PromptPart.EMPTY : counter.part(block), result);
    }

    private CompletableFuture<List<Passage>> lookup(Supplier<List<Passage>> call) {
        try {
            return CompletableFuture.supplyAsync(call, executor);
        } catch (RejectedExecutionException e) {
            // Every lookup thread is stuck on a stalled engine: this turn does not queue behind them.
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A lookup's passages, or why there are none ({@code outcome} null when it answered). */
    private record Part(List<Passage> passages, RetrievalOutcome outcome, String failure) {

        String describe() {
            return outcome == null ? "ok" : outcome.wireName() + (failure == null ? "" : "(" + failure + ")");
        }
    }

    private Part await(CompletableFuture<List<Passage>> lookup, long start) {
        long left = limits.deadline().toNanos() - (System.nanoTime() - start);
        try {
            return new Part(lookup.get(Math.max(0, left), TimeUnit.NANOSECONDS), null, null);
        } catch (TimeoutException e) {
            lookup.cancel(false);
            return new Part(List.of(), RetrievalOutcome.TIMED_OUT, null);
        } catch (ExecutionException e) {
            // The class only: an engine's error text can quote the query, and logs never carry message text.
            return new Part(List.of(), RetrievalOutcome.FAILED, e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Part(List.of(), RetrievalOutcome.FAILED, "interrupted");
        }
    }

    /** Orders, then documents, in their order, while they fit; each cut to the passage share first. */
    private List<Passage> pack(List<Passage> orderPassages, List<Passage> documentPassages, int room) {
        List<Passage> packed = new ArrayList<>();
        int used = 0;
        List<Passage> candidates = new ArrayList<>(orderPassages);
        candidates.addAll(documentPassages);
        for (Passage candidate : candidates) {
            if (packed.size() == Source.MAX_PER_ANSWER) {
                break;
            }
            Passage passage = cut(candidate);
            int tokens = counter.count(ReferenceBlock.entry(packed.size() + 1, passage));
            if (used + tokens > room) {
                continue;
            }
            packed.add(passage);
            used += tokens;
        }
        return packed;
    }

    private Passage cut(Passage passage) {
        if (counter.count(passage.text()) <= limits.passageTokens()) {
            return passage;
        }
        PromptPart cut = counter.truncate(passage.text(), limits.passageTokens());
        return new Passage(passage.id(), passage.kind(), passage.title(), cut.text() + "…");
    }

    /** Warms the retrieval path before the first turn (service start, SnapStart priming). */
    public void warm() {
        if (knowledge != null) {
            knowledge.warm();
        }
    }

    /** How long lookups may take at most (the adapters' own call timeouts are set from it). */
    public Duration deadline() {
        return limits.deadline();
    }
}
