package com.mangaassist.bench;

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
import java.util.List;

/**
 * Retrieval taken apart, one question at a time with nothing else offered: the retrieval code the
 * turn runs ({@link KnowledgeSearch#hybrid} and {@link KnowledgeSearch#passages}, the embedder timed
 * on its own) called from the bench against the stack's node, and what the node spends per call.
 * (An earlier version also timed first-stage variants the bench built itself; the cheaper one,
 * ids from doc values without {@code _source}, is what {@code KnowledgeSearch} now sends.)
 */
final class SearchProbe {

    /** Per call: wall percentiles and the node's CPU. */
    record Cost(LatencyStats wall, double nodeCpuMs) {
    }

    /**
     * @param embed   embedding the query (in the bench's JVM: the same model and runtime as the orchestrator's)
     * @param search  {@code hybrid} less the embedding: the first-stage {@code _msearch} (and the similar-to reads), fusion
     * @param mget    {@code passages}: one {@code _mget} of the top hits
     * @param whole   the three together, and the node's CPU per question
     */
    record Result(LatencyStats embed, LatencyStats search, LatencyStats mget, Cost whole, double benchCpuPerEmbedMs,
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

        Result result = new Result(new LatencyStats(embed), new LatencyStats(searchOnly), new LatencyStats(mget),
                new Cost(new LatencyStats(whole), wholeNodeCpu), embedCpu, segments(node),
                new LatencyStats(java.util.stream.IntStream.range(0, n).filter(i -> similar.contains(questions.get(i))).mapToLong(i -> whole[i]).toArray()),
                new LatencyStats(java.util.stream.IntStream.range(0, n).filter(i -> !similar.contains(questions.get(i))).mapToLong(i -> whole[i]).toArray()));
        System.out.printf("probe (%d segments): embed p50 %s, search p50 %s, mget p50 %s, all p50 %s p99 %s, node %.2f ms CPU per question%n",
                result.segments(), result.embed().millis(0.5), result.search().millis(0.5), result.mget().millis(0.5), result.whole().wall().millis(0.5),
                result.whole().wall().millis(0.99), wholeNodeCpu);
        return result;
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
