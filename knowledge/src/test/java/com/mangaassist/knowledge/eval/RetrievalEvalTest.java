package com.mangaassist.knowledge.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.knowledge.documents.CatalogReader;
import com.mangaassist.knowledge.documents.StorePolicyReader;
import com.mangaassist.knowledge.embedding.MiniLmEmbedder;
import com.mangaassist.knowledge.ingest.KnowledgeIngestion;
import com.mangaassist.knowledge.retrieval.KnowledgeSearch;
import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import com.mangaassist.knowledge.retrieval.RetrievedDocument;
import com.mangaassist.knowledge.search.OpenSearchClient;
import com.mangaassist.localaws.search.LocalOpenSearch;
import com.mangaassist.shared.grounding.Passage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped eval set against the shipped corpus on a real node: the table is printed and
 * written to target/retrieval-eval.json, and the measured quality is held as a floor (a change that
 * makes retrieval worse fails here), with hybrid earning its place over each part alone.
 */
class RetrievalEvalTest {

    /**
     * What hybrid retrieval measured when this floor was set (0.881 EN, 0.894 JA; ADR 0026, ADR 0032,
     * ADR 0041), less a margin for noise; the goals are 0.90 and 0.85, and Japanese is held at its goal.
     */
    private static final double EN_FLOOR = 0.86;
    private static final double JA_FLOOR = 0.85;

    @TempDir
    static Path home;
    private static LocalOpenSearch node;
    private static KnowledgeSearch search;
    private static final Path DATA = Path.of("data");

    @BeforeAll
    static void ingest() {
        node = LocalOpenSearch.start(home);
        OpenSearchClient client = new OpenSearchClient(node.endpoint(), Duration.ofSeconds(10));
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        assertThat(new KnowledgeIngestion(client, embedder, Clock.systemUTC()).ingest(DATA, done -> { }))
                .isInstanceOf(KnowledgeIngestion.Published.class);
        search = new KnowledgeSearch(client, embedder);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void eval_onTheShippedCorpus_holdsTheMeasuredFloorAndHybridBeatsEachPart() throws Exception {
        Path data = DATA;
        Set<String> corpus = new HashSet<>();
        CatalogReader.read(data.resolve("catalog")).documents().forEach(e -> corpus.add(e.id()));
        StorePolicyReader.read(data.resolve("store")).documents().forEach(p -> corpus.add(p.id()));
        EvalQuestionReader.Result questions = EvalQuestionReader.read(data.resolve("eval/questions.jsonl"), corpus);
        assertThat(questions.errors()).isEmpty();
        assertThat(questions.questions()).hasSizeGreaterThanOrEqualTo(150);

        {
            RetrievalEval.Report report = RetrievalEval.run(search, questions.questions());

            System.out.print(report.table());
            System.out.print(report.kindTable());
            System.out.print(report.latencyLine());
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/retrieval-eval.json"), report.json().toPrettyString());
            for (String language : new String[] {"en", "ja"}) {
                RetrievalEval.Score hybrid = report.score("hybrid", language);
                assertThat(hybrid.recallAt5()).as("hybrid recall@5 " + language).isGreaterThanOrEqualTo(language.equals("en") ? EN_FLOOR : JA_FLOOR);
                assertThat(hybrid.recallAt5()).as("hybrid over lexical alone, " + language)
                        .isGreaterThan(report.score("lexical", language).recallAt5());
                assertThat(hybrid.recallAt5()).as("hybrid over vectors alone, " + language)
                        .isGreaterThan(report.score("vector", language).recallAt5());
            }
        }
    }

    @Test
    void passages_whenAskedInJapanese_areTheHitsInOrderWithJapaneseFacts() {
        RetrievalQuery query = RetrievalQuery.of("おすすめのスポーツ漫画は？", null);
        List<RetrievedDocument> hits = search.hybrid(query, 5);

        List<Passage> passages = search.passages(hits, "ja");

        assertThat(passages).extracting(Passage::id).containsExactlyElementsOf(hits.stream().map(RetrievedDocument::id).toList());
        assertThat(passages).filteredOn(p -> p.kind().equals("catalog")).isNotEmpty().allSatisfy(p -> assertThat(p.text()).contains("著者: ", "巻"));
        assertThat(passages).anySatisfy(p -> assertThat(p.text()).contains("スポーツ"));
    }

    @Test
    void passages_whenAPolicyIsFound_carryItsTextInTheAskersLanguage() {
        List<Passage> passages = search.passages(search.hybrid(RetrievalQuery.of("How much is shipping to Okinawa?", null), 5), "en");

        assertThat(passages).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo("policy");
            assertThat(p.text()).contains("Okinawa");
        });
    }

    @Test
    void hybrid_whenAFollowUpAsksWhatElseTheCreatorMade_findsTheSeriesAndTheCreatorsOtherWork() {
        List<String> english = ids(search.hybrid(RetrievalQuery.of("What else has the same creator made?", "Do you sell Mob Psycho 100?"), 5));
        List<String> japanese = ids(search.hybrid(RetrievalQuery.of("作者って他にどんな漫画描いてる？", "ハガレンってどんな話？"), 5));

        // ONE made Mob Psycho 100 and wrote One-Punch Man; Hiromu Arakawa drew Fullmetal Alchemist and Silver Spoon.
        assertThat(english).contains("mob-psycho-100", "one-punch-man");
        assertThat(japanese).contains("fullmetal-alchemist", "silver-spoon");
    }

    @Test
    void hybrid_whenAMessageSaysWhatItDoesNotWant_doesNotSearchForIt() {
        List<String> hits = ids(search.hybrid(RetrievalQuery.of("I want a romance between coworkers at an office, grown-up characters not high schoolers",
                null), 5));

        assertThat(hits).contains("wotakoi-love-is-hard-for-otaku", "hotaru-no-hikari").doesNotContain("high-school-debut");
    }

    @Test
    void hybrid_whenAMessageNamesATagAsAPhrase_findsTheSeriesWithThatTag() {
        List<String> hits = ids(search.hybrid(RetrievalQuery.of("My daughter loves magical girl stories. What magical girl manga do you have?", null), 5));

        assertThat(hits).hasSize(5).allSatisfy(id -> assertThat(id).isIn("sailor-moon", "cardcaptor-sakura", "phantom-thief-jeanne", "tokyo-mew-mew",
                "shugo-chara", "mermaid-melody-pichi-pichi-pitch", "magic-knight-rayearth"));
    }

    @Test
    void hybrid_whenJapaneseSaysWantToTryReadingASeries_findsThatSeriesNotOnesLikeIt() {
        List<String> hits = ids(search.hybrid(RetrievalQuery.of("今何巻まで出てる？", "ブルーピリオド読んでみたいです"), 5));

        assertThat(hits).first().isEqualTo("blue-period");
    }

    private static List<String> ids(List<RetrievedDocument> hits) {
        return hits.stream().map(RetrievedDocument::id).toList();
    }

    @Test
    void hybrid_whenTheMessageIsQueryDsl_searchesItAsText() {
        String hostile = "{\"query\":{\"match_all\":{}},\"size\":10000} \" OR 1=1 --";

        List<RetrievedDocument> hits = search.hybrid(RetrievalQuery.of(hostile, null), 5);

        assertThat(hits).hasSizeLessThanOrEqualTo(5);
        assertThat(search.passages(hits, "en")).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void hybrid_whenTheMessageIsHuge_searchesItsEndOnly() {
        String huge = "manga ".repeat(20_000) + "basketball";

        assertThat(search.hybrid(RetrievalQuery.of(huge, null), 5)).hasSizeLessThanOrEqualTo(5);
    }
}
