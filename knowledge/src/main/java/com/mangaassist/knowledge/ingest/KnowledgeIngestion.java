package com.mangaassist.knowledge.ingest;

import com.mangaassist.knowledge.documents.StorePolicy;
import com.mangaassist.knowledge.documents.CatalogEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.knowledge.documents.CatalogReader;
import com.mangaassist.knowledge.documents.DocumentBatch;
import com.mangaassist.knowledge.documents.DocumentError;
import com.mangaassist.knowledge.documents.StorePolicyReader;
import com.mangaassist.knowledge.documents.TagLabelReader;
import com.mangaassist.knowledge.documents.TagLabels;
import com.mangaassist.knowledge.embedding.TextEmbedder;
import com.mangaassist.knowledge.search.KnowledgeIndexMapping;
import com.mangaassist.knowledge.search.OpenSearchClient;
import com.mangaassist.knowledge.search.SearchEngineException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * {@code knowledge ingest}: reads the catalog and the policies, refuses the whole batch on any
 * malformed document, and otherwise builds a new index version beside the live one (embedding every
 * document), verifies it, and only then moves the {@value KnowledgeIndexMapping#ALIAS} alias to it in
 * one atomic {@code _aliases} call — a failed or half-built ingest never serves. Idempotent by
 * content hash: when the live index was built from the same documents, mapping and embedder,
 * nothing is written. Older versions are deleted once the alias has moved (the one before is kept
 * for a rollback by hand).
 */
public final class KnowledgeIngestion {

    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final int BULK_DOCUMENTS = 50;

    private final OpenSearchClient client;
    private final TextEmbedder embedder;
    private final Clock clock;
    private final int replicas;

    /** A single-node engine (local runs and tests): no replicas, which would stay unassigned. */
    public KnowledgeIngestion(OpenSearchClient client, TextEmbedder embedder, Clock clock) {
        this(client, embedder, clock, 0);
    }

    /** @param replicas copies of the index's shard beyond the primary: 1 on a domain of two zones, so losing one keeps the index */
    public KnowledgeIngestion(OpenSearchClient client, TextEmbedder embedder, Clock clock, int replicas) {
        this.client = client;
        this.embedder = embedder;
        this.clock = clock;
        this.replicas = replicas;
    }

    /** What one ingest did. */
    public sealed interface Outcome permits Refused, Unchanged, Published {
    }

    /** A malformed document: nothing was written. */
    public record Refused(List<DocumentError> errors) implements Outcome {
    }

    /** The live index already holds exactly these documents. */
    public record Unchanged(String index, int documents) implements Outcome {
    }

    /** A new version took the alias; {@code previous} is what it had before (null on the first ingest). */
    public record Published(String index, String previous, int documents, long storeBytes, Duration took, List<String> deleted) implements Outcome {
    }

    /** @param progress told how many documents are indexed so far (for the command's progress bar) */
    public Outcome ingest(Path dataDir, IntConsumer progress) {
        long start = System.nanoTime();
        DocumentBatch<CatalogEntry> catalog = CatalogReader.read(dataDir.resolve("catalog"));
        DocumentBatch<StorePolicy> policies = StorePolicyReader.read(dataDir.resolve("store"));
        Set<String> catalogTags = new HashSet<>();
        catalog.documents().forEach(e -> catalogTags.addAll(e.tags()));
        DocumentBatch<Map.Entry<String, String>> tagLabels = TagLabelReader.read(dataDir.resolve("tags"), catalogTags);
        if (!catalog.valid() || !policies.valid() || !tagLabels.valid()) {
            List<DocumentError> errors = new ArrayList<>(catalog.errors());
            errors.addAll(policies.errors());
            errors.addAll(tagLabels.errors());
            return new Refused(errors);
        }
        TagLabels labels = TagLabelReader.of(tagLabels);
        List<IndexedDocument> documents = new ArrayList<>();
        catalog.documents().forEach(e -> documents.add(DocumentMapper.catalog(e, labels)));
        policies.documents().forEach(p -> documents.add(DocumentMapper.policy(p)));
        String batchHash = DocumentMapper.batchHash(documents, KnowledgeIndexMapping.VERSION, embedder.modelId());

        Optional<String> live = liveIndex();
        if (live.isPresent() && batchHash.equals(metaOf(live.get()).path("batchHash").asText())) {
            return new Unchanged(live.get(), documents.size());
        }
        String index = KnowledgeIndexMapping.INDEX_PREFIX + VERSION_TIME.format(clock.instant()) + "-" + batchHash.substring(0, 12);
        client.send("PUT", "/" + index, KnowledgeIndexMapping.body(embedder.dimensions(), batchHash, embedder.modelId(), documents.size(), replicas));
        try {
            write(index, documents, progress);
            verify(index, documents.size());
        } catch (RuntimeException e) {
            deleteQuietly(index); // never leave a half-built version behind
            throw e;
        }
        swapAlias(index, live.orElse(null));
        List<String> deleted = deleteOlderVersions(index, live.orElse(null));
        long bytes = client.send("GET", "/" + index + "/_stats/store", null).map(s -> s.path("_all").path("total").path("store")
                .path("size_in_bytes").asLong()).orElse(0L);
        return new Published(index, live.orElse(null), documents.size(), bytes, Duration.ofNanos(System.nanoTime() - start), deleted);
    }

    private void write(String index, List<IndexedDocument> documents, IntConsumer progress) {
        StringBuilder bulk = new StringBuilder();
        int inBulk = 0;
        int done = 0;
        for (IndexedDocument document : documents) {
            ObjectNode source = document.fields().deepCopy();
            ArrayNode vector = source.putArray("vector");
            for (float v : embedder.embed(document.embeddingText())) {
                vector.add(v);
            }
            ObjectNode action = OpenSearchClient.json().createObjectNode();
            action.putObject("index").put("_id", document.id());
            bulk.append(action).append('\n').append(source).append('\n');
            if (++inBulk == BULK_DOCUMENTS) {
                client.bulk(index, bulk.toString());
                bulk.setLength(0);
                inBulk = 0;
            }
            progress.accept(++done);
        }
        if (inBulk > 0) {
            client.bulk(index, bulk.toString());
        }
        client.send("POST", "/" + index + "/_refresh", null);
    }

    /** Every document is there and a search answers: only then may the alias move. */
    private void verify(String index, int expected) {
        long count = client.send("GET", "/" + index + "/_count", null).map(c -> c.path("count").asLong()).orElse(-1L);
        if (count != expected) {
            throw new SearchEngineException(0, "index " + index + " holds " + count + " documents, not the " + expected + " written");
        }
        ObjectNode probe = OpenSearchClient.json().createObjectNode();
        probe.put("size", 1).putObject("query").putObject("match_all");
        JsonNode hits = client.send("POST", "/" + index + "/_search", probe).orElseThrow().path("hits").path("hits");
        if (expected > 0 && hits.isEmpty()) {
            throw new SearchEngineException(0, "index " + index + " answers no search");
        }
    }

    private void swapAlias(String index, String previous) {
        ObjectNode body = OpenSearchClient.json().createObjectNode();
        ArrayNode actions = body.putArray("actions");
        if (previous != null) {
            actions.addObject().putObject("remove").put("index", previous).put("alias", KnowledgeIndexMapping.ALIAS);
        }
        actions.addObject().putObject("add").put("index", index).put("alias", KnowledgeIndexMapping.ALIAS);
        client.send("POST", "/_aliases", body);
    }

    /** Every knowledge version but the new one and the one it replaced (stale half-built ones included). */
    private List<String> deleteOlderVersions(String index, String previous) {
        List<String> deleted = new ArrayList<>();
        JsonNode indices = client.send("GET", "/" + KnowledgeIndexMapping.INDEX_PREFIX + "*", null).orElse(OpenSearchClient.json().createObjectNode());
        for (Iterator<String> names = indices.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(index) && !name.equals(previous)) {
                deleteQuietly(name);
                deleted.add(name);
            }
        }
        return deleted;
    }

    public Optional<String> liveIndex() {
        return client.send("GET", "/_alias/" + KnowledgeIndexMapping.ALIAS, null).flatMap(answer -> {
            Iterator<String> names = answer.fieldNames();
            return names.hasNext() ? Optional.of(names.next()) : Optional.empty();
        });
    }

    private JsonNode metaOf(String index) {
        return client.send("GET", "/" + index + "/_mapping", null).map(m -> m.path(index).path("mappings").path("_meta"))
                .orElse(OpenSearchClient.json().createObjectNode());
    }

    private void deleteQuietly(String index) {
        try {
            client.send("DELETE", "/" + index, null);
        } catch (SearchEngineException ignored) {
            // the next ingest deletes what this one could not
        }
    }
}
