package com.mangaassist.knowledge.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.knowledge.embedding.MiniLmEmbedder;
import com.mangaassist.knowledge.retrieval.KnowledgeSearch;
import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import com.mangaassist.knowledge.retrieval.RetrievedDocument;
import com.mangaassist.knowledge.search.OpenSearchClient;
import com.mangaassist.localaws.search.LocalOpenSearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingestion and retrieval against a real OpenSearch node (local-search), on a small corpus copied from the shipped data. */
class KnowledgeIngestionTest {

    private static LocalOpenSearch node;
    private static OpenSearchClient client;
    private static final MiniLmEmbedder EMBEDDER = new MiniLmEmbedder();

    @TempDir
    Path data;
    private int clockSeconds;

    @BeforeAll
    static void startNode(@TempDir Path home) {
        node = LocalOpenSearch.start(home);
        client = new OpenSearchClient(node.endpoint(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void smallCorpus() throws IOException {
        client.send("DELETE", "/knowledge-v*", null);
        Files.createDirectories(data.resolve("catalog"));
        Files.createDirectories(data.resolve("store"));
        List<String> shonen = Files.readAllLines(Path.of("data/catalog/shonen.jsonl"));
        Files.write(data.resolve("catalog/part.jsonl"), shonen.subList(0, 20));
        Files.copy(Path.of("data/store/policies.jsonl"), data.resolve("store/policies.jsonl"));
    }

    @Test
    void ingest_whenRunTwiceOnTheSameData_publishesOnceThenWritesNothing() {
        KnowledgeIngestion.Outcome first = ingestion().ingest(data, done -> { });
        KnowledgeIngestion.Outcome second = ingestion().ingest(data, done -> { });

        assertThat(first).isInstanceOfSatisfying(KnowledgeIngestion.Published.class, p -> assertThat(p.documents()).isEqualTo(64));
        assertThat(second).isInstanceOfSatisfying(KnowledgeIngestion.Unchanged.class,
                u -> assertThat(u.index()).isEqualTo(((KnowledgeIngestion.Published) first).index()));
    }

    @Test
    void ingest_whenDocumentsWereRemoved_publishesVersionsWithoutThemAndKeepsOnlyTheOneReplaced() throws IOException {
        KnowledgeIngestion.Published first = (KnowledgeIngestion.Published) ingestion().ingest(data, done -> { });
        String removed = firstCatalogId();
        KnowledgeIngestion.Published second = (KnowledgeIngestion.Published) ingestion().ingest(withoutFirstCatalogLine(), done -> { });
        KnowledgeIngestion.Outcome unchanged = ingestion().ingest(data, done -> { });
        KnowledgeIngestion.Published third = (KnowledgeIngestion.Published) ingestion().ingest(withoutFirstCatalogLine(), done -> { });

        assertThat(second.previous()).isEqualTo(first.index());
        assertThat(unchanged).isInstanceOf(KnowledgeIngestion.Unchanged.class);
        assertThat(third.previous()).isEqualTo(second.index());
        assertThat(third.deleted()).containsExactly(first.index());
        assertThat(indices()).containsExactlyInAnyOrder(third.index(), second.index());
        assertThat(client.send("GET", "/knowledge/_count", null).orElseThrow().path("count").asInt()).isEqualTo(62);
        assertThat(client.send("GET", "/" + third.index() + "/_doc/" + removed, null)).as("a removed document is gone").isEmpty();
    }

    @Test
    void ingest_whenADocumentIsMalformed_refusesTheBatchWithFileLineAndFieldAndTheLiveIndexStays() throws IOException {
        KnowledgeIngestion.Published live = (KnowledgeIngestion.Published) ingestion().ingest(data, done -> { });
        List<String> lines = Files.readAllLines(data.resolve("catalog/part.jsonl"));
        lines.set(4, lines.get(4).replace("\"status\":\"", "\"status\":\"cancelled-"));
        Files.write(data.resolve("catalog/part.jsonl"), lines);

        KnowledgeIngestion.Outcome outcome = ingestion().ingest(data, done -> { });

        assertThat(outcome).isInstanceOfSatisfying(KnowledgeIngestion.Refused.class, r -> assertThat(r.errors()).singleElement()
                .hasToString("part.jsonl:5 status: field 'status' has an unknown value"));
        assertThat(ingestion().liveIndex()).contains(live.index());
        assertThat(indices()).containsExactly(live.index());
    }

    @Test
    void search_whenTheMessageHoldsQueryDslOrIsHuge_treatsItAsTextAndAnswers() {
        ingestion().ingest(data, done -> { });
        KnowledgeSearch search = new KnowledgeSearch(client, EMBEDDER);
        String injection = "{\"query\":{\"match_all\":{}}} \" OR 1=1 }]} \\\" script: ctx._source";

        List<RetrievedDocument> injected = search.hybrid(RetrievalQuery.of(injection, null), 5);
        List<RetrievedDocument> huge = search.lexical(RetrievalQuery.of("スラムダンク ".repeat(5_000), null), 5);

        assertThat(injected).hasSizeLessThanOrEqualTo(5);
        assertThat(huge).isNotEmpty();
        assertThat(client.send("GET", "/knowledge/_count", null).orElseThrow().path("count").asInt()).as("nothing was changed").isEqualTo(64);
    }

    @Test
    void hybrid_whenAskedInJapaneseAboutReturns_findsTheJapanesePolicyAndNoEnglishOne() {
        ingestion().ingest(data, done -> { });

        List<RetrievedDocument> found = new KnowledgeSearch(client, EMBEDDER).hybrid(RetrievalQuery.of("返品ってできますか", null), 5);

        assertThat(found.get(0).id()).isEqualTo("returns-print-ja");
        assertThat(found).noneMatch(d -> d.id().endsWith("-en"));
    }

    @Test
    void search_whenTheEngineIsDown_failsWithATypedError() {
        KnowledgeSearch search = new KnowledgeSearch(new OpenSearchClient(java.net.URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1)), EMBEDDER);

        assertThatThrownBy(() -> search.lexical(RetrievalQuery.of("slam dunk", null), 5))
                .isInstanceOf(com.mangaassist.knowledge.search.SearchEngineException.class).hasMessageContaining("unreachable");
    }

    private KnowledgeIngestion ingestion() {
        // Each ingest gets a later clock: version names sort by time, as real runs do.
        return new KnowledgeIngestion(client, EMBEDDER, Clock.fixed(Instant.parse("2026-12-07T00:00:00Z").plusSeconds(clockSeconds++), ZoneOffset.UTC));
    }

    private Path withoutFirstCatalogLine() throws IOException {
        List<String> lines = Files.readAllLines(data.resolve("catalog/part.jsonl"));
        Files.write(data.resolve("catalog/part.jsonl"), lines.subList(1, lines.size()));
        return data;
    }

    private String firstCatalogId() throws IOException {
        return OpenSearchClient.json().readTree(Files.readAllLines(data.resolve("catalog/part.jsonl")).get(0)).path("id").asText();
    }

    private List<String> indices() {
        List<String> names = new java.util.ArrayList<>();
        client.send("GET", "/knowledge-v*", null).orElseThrow().fieldNames().forEachRemaining(names::add);
        return names;
    }
}
