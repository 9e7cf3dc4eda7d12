package com.mangaassist.pipeline.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.budget.TokenCounter;
import com.mangaassist.shared.grounding.Passage;
import com.mangaassist.shared.grounding.ReferenceBlock;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import com.mangaassist.shared.wire.events.RetrievalFigures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TurnGroundingTest {

    private static final TokenCounter COUNTER = JtokkitTokenCounter.withDefaults();
    private static final Passage SLAM_DUNK = new Passage("slam-dunk", "catalog", "Slam Dunk (SLAM DUNK)", "By Takehiko Inoue. Shonen; sports.");
    private static final Passage RETURNS = new Passage("returns-en", "policy", "Returns", "Unopened items can be returned within 8 days.");

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<RetrievalFigures> figures = new CopyOnWriteArrayList<>();
    private final List<RetrievalQuery> queries = new CopyOnWriteArrayList<>();
    private final List<String> orderPrincipals = new CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        never.countDown();
        executor.shutdownNow();
    }

    private TurnGrounding grounding(KnowledgeRetriever knowledge, OrderLookup orders, GroundingLimits limits) {
        return new TurnGrounding(knowledge, orders, COUNTER, limits, executor, figures::add);
    }

    private KnowledgeRetriever finding(Passage... passages) {
        return (query, k) -> {
            queries.add(query);
            return List.of(passages).subList(0, Math.min(k, passages.length));
        };
    }

    private OrderLookup ordersOf(String owner, Passage... passages) {
        return (principal, language, limit) -> {
            orderPrincipals.add(principal);
            return principal.equals(owner) ? List.of(passages) : List.of();
        };
    }

    private KnowledgeRetriever stalled() {
        return (query, k) -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(SLAM_DUNK);
        };
    }

    @Test
    void ground_whenDocumentsAreFound_rendersThemAsTheReferenceBlockAndCountsGrounded() {
        Grounding grounding = grounding(finding(SLAM_DUNK, RETURNS), null, GroundingLimits.DEFAULTS).ground("any basketball manga?", null, "user-a", 4000, "r1");

        assertThat(grounding.passages()).containsExactly(SLAM_DUNK, RETURNS);
        assertThat(grounding.context().text()).isEqualTo(ReferenceBlock.render(List.of(SLAM_DUNK, RETURNS)));
        assertThat(grounding.context().tokens()).isEqualTo(COUNTER.count(grounding.context().text()));
        assertThat(grounding.figures().outcome()).isEqualTo(RetrievalOutcome.GROUNDED);
        assertThat(figures).singleElement().satisfies(f -> assertThat(f.passages()).isEqualTo(2));
    }

    @Test
    void ground_whenNothingIsConfigured_retrievesNothingAndCountsNothing() {
        Grounding grounding = grounding(null, null, GroundingLimits.DEFAULTS).ground("where is my order?", null, "user-a", 4000, "r1");

        assertThat(grounding).isEqualTo(Grounding.NONE);
        assertThat(figures).isEmpty();
    }

    @Test
    void ground_whenTheEngineStalls_answersWithoutContextAtTheDeadline() {
        Grounding grounding = grounding(stalled(), null, GroundingLimits.DEFAULTS.withDeadline(Duration.ofMillis(50)))
                .ground("any basketball manga?", null, "user-a", 4000, "r1");

        assertThat(grounding.passages()).isEmpty();
        assertThat(grounding.context().text()).isEmpty();
        assertThat(grounding.figures().outcome()).isEqualTo(RetrievalOutcome.TIMED_OUT);
    }

    @Test
    void ground_whenTheEngineFails_answersWithoutContextAndSaysFailed() {
        KnowledgeRetriever down = (query, k) -> {
            throw new IllegalStateException("connection refused");
        };

        Grounding grounding = grounding(down, null, GroundingLimits.DEFAULTS).ground("any basketball manga?", null, "user-a", 4000, "r1");

        assertThat(grounding.figures().outcome()).isEqualTo(RetrievalOutcome.FAILED);
        assertThat(grounding.passages()).isEmpty();
    }

    @Test
    void ground_whenNothingMatches_saysNoHits() {
        assertThat(grounding(finding(), null, GroundingLimits.DEFAULTS).ground("zzz", null, "user-a", 4000, "r1").figures().outcome())
                .isEqualTo(RetrievalOutcome.NO_HITS);
    }

    @Test
    void ground_whenAskedAboutAnOrder_looksUpTheCallersOwnOrdersFirst() {
        Passage order = new Passage("A-1", "order", "Order A-1", "Shipped by Yamato Transport.");

        Grounding grounding = grounding(finding(RETURNS), ordersOf("user-a", order), GroundingLimits.DEFAULTS)
                .ground("Where is my last order?", null, "user-a", 4000, "r1");

        assertThat(orderPrincipals).containsExactly("user-a");
        assertThat(grounding.passages()).containsExactly(order, RETURNS);
    }

    @Test
    void ground_whenNotAskedAboutOrders_neverLooksThemUp() {
        grounding(finding(SLAM_DUNK), ordersOf("user-a"), GroundingLimits.DEFAULTS).ground("おすすめのスポーツ漫画は？", null, "user-a", 4000, "r1");

        assertThat(orderPrincipals).isEmpty();
    }

    @Test
    void ground_whenOrdersStallButDocumentsAnswer_keepsTheDocuments() {
        OrderLookup stalledOrders = (principal, language, limit) -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        };

        Grounding grounding = grounding(finding(RETURNS), stalledOrders, GroundingLimits.DEFAULTS.withDeadline(Duration.ofMillis(50)))
                .ground("when will my order arrive?", null, "user-a", 4000, "r1");

        assertThat(grounding.passages()).containsExactly(RETURNS);
        assertThat(grounding.figures().outcome()).isEqualTo(RetrievalOutcome.GROUNDED);
    }

    @Test
    void ground_whenPassagesExceedTheSlot_keepsWhatFitsInRankOrderAndCutsLongOnes() {
        Passage longOne = new Passage("long", "catalog", "Long", "word ".repeat(2000));
        GroundingLimits limits = new GroundingLimits(Duration.ofSeconds(1), 5, 0, 120, 40);

        Grounding grounding = grounding(finding(longOne, SLAM_DUNK, RETURNS), null, limits).ground("tell me about long", null, "user-a", 4000, "r1");

        assertThat(grounding.context().tokens()).isLessThanOrEqualTo(120);
        assertThat(grounding.passages()).extracting(Passage::id).startsWith("long");
        assertThat(grounding.passages().get(0).text()).endsWith("…").hasSizeLessThan(400);
    }

    @Test
    void ground_whenThePromptHasNoRoom_groundsNothing() {
        Grounding grounding = grounding(finding(SLAM_DUNK), null, GroundingLimits.DEFAULTS).ground("basketball", null, "user-a", 5, "r1");

        assertThat(grounding.passages()).isEmpty();
        assertThat(grounding.figures().outcome()).isEqualTo(RetrievalOutcome.NO_HITS);
    }

    @Test
    void ground_whenTheMessageIsAFollowUp_searchesWithThePreviousTurn() {
        TurnGrounding grounding = grounding(finding(SLAM_DUNK), null, GroundingLimits.DEFAULTS);

        grounding.ground("How many volumes does it have?", "Tell me about Slam Dunk", "user-a", 4000, "r1");
        grounding.ground("Recommend a completed basketball manga for adults", "Tell me about Slam Dunk", "user-a", 4000, "r2");

        assertThat(queries).extracting(RetrievalQuery::text)
                .containsExactly("Tell me about Slam Dunk\nHow many volumes does it have?", "Recommend a completed basketball manga for adults");
    }
}
