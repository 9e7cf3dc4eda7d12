package com.mangaassist.knowledge.search;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The knowledge index's settings and mapping, the same in AWS and locally: Japanese text through
 * {@code kuromoji} (morphology) with a {@code cjk} bigram sub-field (for names kuromoji splits
 * oddly), English through the {@code english} analyzer, filters as keywords, and the vector as a
 * {@code knn_vector} on the Lucene engine (HNSW, cosine) — the engine the OpenSearch Service
 * supports and the only one that runs here (ADR 0026).
 */
public final class KnowledgeIndexMapping {

    /** Bumped whenever the mapping changes: a changed mapping is a changed batch, rebuilt on the next ingest. */
    public static final int VERSION = 3;
    public static final String ALIAS = "knowledge";
    public static final String INDEX_PREFIX = "knowledge-v";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KnowledgeIndexMapping() {
    }

    /** @param replicas 0 on a single node; 1 on a domain across two zones */
    public static ObjectNode body(int dimensions, String batchHash, String embedder, int documents, int replicas) {
        ObjectNode root = NODES.objectNode();
        ObjectNode settings = root.putObject("settings");
        // One shard: the whole corpus is a few megabytes; replicas are the domain's to decide (its zones).
        settings.put("index.knn", true).put("number_of_shards", 1).put("number_of_replicas", replicas);
        ObjectNode mappings = root.putObject("mappings");
        mappings.put("dynamic", "strict");
        mappings.putObject("_meta").put("batchHash", batchHash).put("embedder", embedder).put("documents", documents)
                .put("mappingVersion", VERSION);
        ObjectNode p = mappings.putObject("properties");
        for (String keyword : new String[] {"id", "kind", "lang", "topic", "demographic", "genres", "tags", "status", "formats", "updated"}) {
            p.putObject(keyword).put("type", "keyword");
        }
        p.putObject("volumes").put("type", "integer");
        p.putObject("inStock").put("type", "boolean");
        for (String ja : new String[] {"title_ja", "authors_ja", "publisher_ja", "magazine_ja", "body_ja", "labels_ja"}) {
            japanese(p.putObject(ja));
        }
        for (String en : new String[] {"title_en", "authors_en", "publisher_en", "magazine_en", "body_en", "tags_en", "labels_en"}) {
            p.putObject(en).put("type", "text").put("analyzer", "english");
        }
        // Aliases mix kana readings, romaji and abbreviations: every analyzer gets a look.
        ObjectNode aliases = p.putObject("aliases");
        aliases.put("type", "text").put("analyzer", "standard");
        ObjectNode aliasFields = aliases.putObject("fields");
        aliasFields.putObject("ja").put("type", "text").put("analyzer", "kuromoji");
        aliasFields.putObject("cjk").put("type", "text").put("analyzer", "cjk");
        ObjectNode vector = p.putObject("vector");
        vector.put("type", "knn_vector").put("dimension", dimensions);
        vector.putObject("method").put("name", "hnsw").put("engine", "lucene").put("space_type", "cosinesimil");
        return root;
    }

    private static void japanese(ObjectNode field) {
        field.put("type", "text").put("analyzer", "kuromoji");
        field.putObject("fields").putObject("cjk").put("type", "text").put("analyzer", "cjk");
    }
}
