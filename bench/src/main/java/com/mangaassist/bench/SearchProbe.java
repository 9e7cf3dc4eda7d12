package com.mangaassist.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.bench.load.LatencyStats;
import com.mangaassist.knowledge.embedding.MiniLmEmbedder;
import com.mangaassist.knowledge.embedding.TextEmbedder;
import com.mangaassist.knowledge.retrieval.KnowledgeSearch;
import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import com.mangaassist.knowledge.retrieval.RetrievedDocument;
import com.mangaassist.knowledge.search.KnowledgeIndexMapping;
import com.mangaassist.knowledge.search.OpenSearchClient;
import com.mangaassist.localaws.process.ServiceProcess;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retrieval taken apart, one question at a time with nothing else offered: the retrieval code the
 * turn runs ({@link KnowledgeSearch#hybrid} and {@link KnowledgeSearch#passages}, the embedder timed
 * on its own) called from the bench against the stack's node, and what the node spends per call.
 * Then the three first-stage searches as one {@code _msearch} with bodies the bench builds the way
 * {@code KnowledgeSearch} does (same fields, sizes and filters), three ways: as shipped (each hit's
 * {@code _source} filtered to a few fields, which makes the node load and parse the whole stored
 * source, vector included), without {@code _source} (ids from doc values), and without the fuzzy
 * name clause as well: what each costs the node.
 */
final class SearchProbe {

    private static final String[] JA_FIELDS = {"title_ja^4", "title_ja.cjk^3", "aliases.ja^4", "aliases.cjk^3", "aliases^2", "title_en^2",
        "authors_ja^3", "authors_ja.cjk^2", "labels_ja^2", "magazine_ja", "publisher_ja", "body_ja", "body_ja.cjk"};
    private static final String[] EN_FIELDS = {"title_en^4", "aliases^3", "authors_en^3", "tags_en^2", "labels_en^2", "magazine_en", "publisher_en",
        "body_en", "title_ja^2", "aliases.ja"};
    private static final String[] EN_NAMES = {"title_en^3", "aliases^3", "authors_en^3"};
    private static final String[] JA_NAME_CANDIDATES = {"title_ja", "title_ja.cjk", "aliases.ja", "aliases.cjk", "aliases", "authors_ja",
        "authors_ja.cjk", "title_en"};
    private static final String[] EN_NAME_CANDIDATES = {"title_en", "aliases", "authors_en"};
    private static final int CANDIDATES = 30;

    /** Per call: wall percentiles and the node's CPU. */
    record Cost(LatencyStats wall, double nodeCpuMs) {
    }

    /**
     * @param embed   embedding the query (in the bench's JVM: the same model and runtime as the orchestrator's)
     * @param search  {@code hybrid} less the embedding: the first-stage {@code _msearch} (and the similar-to reads), fusion
     * @param mget    {@code passages}: one {@code _mget} of the top hits
     * @param whole   the three together, and the node's CPU per question
     * @param firstStage the bench-built first stage per variant ("as shipped", "no _source", "no _source, no fuzzy")
     */
    record Result(LatencyStats embed, LatencyStats search, LatencyStats mget, Cost whole, double benchCpuPerEmbedMs, Map<String, Cost> firstStage,
                  int segments, LatencyStats wholeSimilar, LatencyStats wholeOther) {
    }

    /** The live index's Lucene segments (every term lookup and every search visits each one). */
    static int segments(URI node) {
        OpenSearchClient client = new OpenSearchClient(node, Duration.ofSeconds(10));
        return client.send("GET", "/_cat/segments/" + KnowledgeIndexMapping.ALIAS + "?format=json", null).map(com.fasterxml.jackson.databind.JsonNode::size)
                .orElse(-1);
    }

    /** Waits until the live index's shard is searchable again (a node restarted on its data recovers it first). */
    static void awaitIndex(URI node) {
        new OpenSearchClient(node, Duration.ofSeconds(90)).send("GET", "/_cluster/health/" + KnowledgeIndexMapping.ALIAS
                + "?wait_for_status=yellow&timeout=60s", null);
    }

    /** Merges the live index into one segment (what a {@code _forcemerge} after ingest would leave); returns once done. */
    static void forceMerge(URI node) {
        new OpenSearchClient(node, Duration.ofSeconds(120)).send("POST", "/" + KnowledgeIndexMapping.ALIAS + "/_forcemerge?max_num_segments=1", null);
    }

    private SearchProbe() {
    }

    /** @param similar the questions of the eval set's "similar to X" kind (a second round trip: the anchor's read and its neighbours) */
    static Result run(URI node, ServiceProcess nodeProcess, List<String> questions, java.util.Set<String> similar) {
        System.out.printf("probe: %d questions one at a time, after as many unmeasured%n", questions.size());
        TimedEmbedder embedder = new TimedEmbedder(new MiniLmEmbedder());
        OpenSearchClient client = new OpenSearchClient(node, Duration.ofSeconds(10));
        KnowledgeSearch search = new KnowledgeSearch(client, embedder);
        int n = questions.size();
        long[] embed = new long[n];
        long[] searchOnly = new long[n];
        long[] mget = new long[n];
        long[] whole = new long[n];
        for (String q : questions) { // warm-up: JIT on both sides, connections
            RetrievalQuery query = RetrievalQuery.of(q, null);
            search.passages(search.hybrid(query, 5), query.language());
        }
        Duration nodeBefore = nodeProcess.cpuTime();
        for (int i = 0; i < n; i++) {
            RetrievalQuery query = RetrievalQuery.of(questions.get(i), null);
            long start = System.nanoTime();
            List<RetrievedDocument> hits = search.hybrid(query, 5);
            long searched = System.nanoTime();
            search.passages(hits, query.language());
            long end = System.nanoTime();
            embed[i] = embedder.last;
            searchOnly[i] = searched - start - embedder.last;
            mget[i] = end - searched;
            whole[i] = end - start;
        }
        double wholeNodeCpu = nodeProcess.cpuTime().minus(nodeBefore).toNanos() / 1e6 / n;
        // The embedding's CPU in this JVM (ONNX Runtime's own threads included), over embeddings alone.
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        List<float[]> vectors = new ArrayList<>();
        for (String q : questions) {
            vectors.add(embedder.embed(RetrievalQuery.of(q, null).text()));
        }
        double embedCpu = (os.getProcessCpuTime() - cpuBefore) / 1e6 / n;

        Map<String, Cost> firstStage = new LinkedHashMap<>();
        for (String variant : List.of("as shipped", "no _source", "no _source, no fuzzy")) {
            boolean source = variant.equals("as shipped");
            boolean fuzzy = !variant.endsWith("no fuzzy");
            for (int i = 0; i < n; i++) { // warm-up for this shape
                client.multiSearch(KnowledgeIndexMapping.ALIAS, bodies(RetrievalQuery.of(questions.get(i), null), vectors.get(i), source, fuzzy));
            }
            long[] wall = new long[n];
            Duration before = nodeProcess.cpuTime();
            for (int i = 0; i < n; i++) {
                List<ObjectNode> bodies = bodies(RetrievalQuery.of(questions.get(i), null), vectors.get(i), source, fuzzy);
                long start = System.nanoTime();
                client.multiSearch(KnowledgeIndexMapping.ALIAS, bodies);
                wall[i] = System.nanoTime() - start;
            }
            firstStage.put(variant, new Cost(new LatencyStats(wall), nodeProcess.cpuTime().minus(before).toNanos() / 1e6 / n));
        }
        Result result = new Result(new LatencyStats(embed), new LatencyStats(searchOnly), new LatencyStats(mget),
                new Cost(new LatencyStats(whole), wholeNodeCpu), embedCpu, firstStage, segments(node),
                new LatencyStats(java.util.stream.IntStream.range(0, n).filter(i -> similar.contains(questions.get(i))).mapToLong(i -> whole[i]).toArray()),
                new LatencyStats(java.util.stream.IntStream.range(0, n).filter(i -> !similar.contains(questions.get(i))).mapToLong(i -> whole[i]).toArray()));
        System.out.printf("probe (%d segments): embed p50 %s, search p50 %s, mget p50 %s, all p50 %s p99 %s, node %.2f ms CPU per question; first stage %s%n",
                result.segments(), result.embed().millis(0.5), result.search().millis(0.5), result.mget().millis(0.5), result.whole().wall().millis(0.5),
                result.whole().wall().millis(0.99), wholeNodeCpu, firstStage.entrySet().stream().map(e -> e.getKey() + " "
                        + String.format(java.util.Locale.ROOT, "%.2f ms CPU, p50 %s", e.getValue().nodeCpuMs(), e.getValue().wall().millis(0.5))).toList());
        return result;
    }

    /** Named, lexical and vector first-stage bodies as KnowledgeSearch builds them, the fetch and the fuzzy clause as asked. */
    private static List<ObjectNode> bodies(RetrievalQuery query, float[] vector, boolean source, boolean fuzzy) {
        boolean ja = "ja".equals(query.language());
        ObjectNode named = request(source, "id", "kind", "title_en", "title_ja", "aliases", "authors_en", "authors_ja");
        ObjectNode namedBool = named.putObject("query").putObject("bool");
        namedBool.putArray("should").add(multiMatch(query.text(), "best_fields", ja ? JA_NAME_CANDIDATES : EN_NAME_CANDIDATES, false));
        namedBool.put("minimum_should_match", 1);
        namedBool.putArray("filter").addObject().putObject("term").put("kind", "catalog");

        ObjectNode lexical = request(source, "id", "kind", "title_en", "title_ja");
        ObjectNode bool = lexical.putObject("query").putObject("bool");
        ArrayNode should = bool.putArray("should");
        should.add(multiMatch(query.text(), "most_fields", ja ? JA_FIELDS : EN_FIELDS, false));
        if (!ja) {
            should.add(multiMatch(query.text(), "best_fields", EN_NAMES, fuzzy));
        }
        bool.put("minimum_should_match", 1);
        bool.putArray("filter").add(languageFilter(query.language()));

        ObjectNode knnBody = request(source, "id", "kind", "title_en", "title_ja");
        ObjectNode knn = knnBody.putObject("query").putObject("knn").putObject("vector");
        ArrayNode values = knn.putArray("vector");
        for (float v : vector) {
            values.add(v);
        }
        knn.put("k", CANDIDATES);
        knn.set("filter", languageFilter(query.language()));
        return List.of(named, lexical, knnBody);
    }

    private static ObjectNode request(boolean source, String... fields) {
        ObjectNode body = OpenSearchClient.json().createObjectNode();
        body.put("size", CANDIDATES);
        if (source) {
            ArrayNode list = body.putArray("_source");
            for (String field : fields) {
                list.add(field);
            }
        } else {
            body.put("_source", false);
            body.putArray("docvalue_fields").add("id").add("kind");
        }
        return body;
    }

    private static ObjectNode multiMatch(String text, String type, String[] fields, boolean fuzzy) {
        ObjectNode clause = OpenSearchClient.json().createObjectNode();
        ObjectNode match = clause.putObject("multi_match");
        match.put("query", text).put("type", type).put("boost", 1.0);
        if ("best_fields".equals(type)) {
            match.put("tie_breaker", 0.3);
        }
        if (fuzzy) {
            match.put("fuzziness", "AUTO").put("prefix_length", 1);
        }
        ArrayNode names = match.putArray("fields");
        for (String field : fields) {
            names.add(field);
        }
        return clause;
    }

    private static ObjectNode languageFilter(String language) {
        ObjectNode filter = OpenSearchClient.json().createObjectNode();
        ObjectNode bool = filter.putObject("bool");
        ArrayNode should = bool.putArray("should");
        should.addObject().putObject("term").put("kind", "catalog");
        should.addObject().putObject("term").put("lang", language);
        bool.put("minimum_should_match", 1);
        return filter;
    }

    /** The embedder, timing its last call. */
    private static final class TimedEmbedder implements TextEmbedder {
        private final TextEmbedder inner;
        long last;

        TimedEmbedder(TextEmbedder inner) {
            this.inner = inner;
        }

        @Override
        public float[] embed(String text) {
            long start = System.nanoTime();
            float[] vector = inner.embed(text);
            last = System.nanoTime() - start;
            return vector;
        }

        @Override
        public int dimensions() {
            return inner.dimensions();
        }

        @Override
        public String modelId() {
            return inner.modelId();
        }
    }
}
