package com.mangaassist.bench;

import com.mangaassist.bench.load.LatencyStats;
import com.mangaassist.knowledge.embedding.MiniLmEmbedder;
import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * What embedding a query costs the process that does it, as the turn embeds: one query at a time,
 * back to back and paced (one every 100 ms, as at 10 turns/s, where ONNX Runtime's worker threads
 * wait between queries), with the model as shipped ({@link MiniLmEmbedder}: one intra-op thread, no
 * spinning) and as langchain4j's package builds it (ONNX Runtime's default session, a worker per
 * core that spins while it waits), the choice the shipped one was measured against. Process CPU per
 * query (all threads) and wall time.
 */
final class EmbedderProbe {

    private static final long PACE_NANOS = 100_000_000L;

    /** Per query: process CPU (all threads) and wall time. */
    record Cost(double cpuMs, LatencyStats wall) {
    }

    private EmbedderProbe() {
    }

    static Map<String, Cost> run(List<String> questions) {
        Map<String, Cost> costs = new LinkedHashMap<>();
        MiniLmEmbedder shipped = new MiniLmEmbedder();
        AllMiniLmL6V2QuantizedEmbeddingModel packaged = new AllMiniLmL6V2QuantizedEmbeddingModel();
        Function<String, float[]> defaultSession = text -> packaged.embed(text).content().vector();
        float[] a = shipped.embed(questions.get(0));
        float[] b = defaultSession.apply(questions.get(0));
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        System.out.printf("embedder probe: the two sessions' vectors agree to cosine %.6f%n", dot);
        costs.put("default session, back to back", measure(defaultSession, questions, 0));
        costs.put("default session, one every 100 ms", measure(defaultSession, questions, PACE_NANOS));
        costs.put("as shipped (1 thread, no spinning), back to back", measure(shipped::embed, questions, 0));
        costs.put("as shipped (1 thread, no spinning), one every 100 ms", measure(shipped::embed, questions, PACE_NANOS));
        costs.forEach((name, cost) -> System.out.printf("embedder probe: %s: %.2f ms CPU, p50 %s p99 %s%n", name, cost.cpuMs(),
                cost.wall().millis(0.5), cost.wall().millis(0.99)));
        return costs;
    }

    private static Cost measure(Function<String, float[]> embedder, List<String> questions, long paceNanos) {
        List<String> texts = questions.stream().map(q -> RetrievalQuery.of(q, null).text()).toList();
        texts.forEach(embedder::apply); // warm-up
        int n = paceNanos > 0 ? Math.min(80, texts.size()) : texts.size();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] wall = new long[n];
        long cpuBefore = os.getProcessCpuTime();
        long next = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            embedder.apply(texts.get(i));
            wall[i] = System.nanoTime() - start;
            next += paceNanos;
            long wait;
            while (paceNanos > 0 && (wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        return new Cost((os.getProcessCpuTime() - cpuBefore) / 1e6 / n, new LatencyStats(wall));
    }
}
