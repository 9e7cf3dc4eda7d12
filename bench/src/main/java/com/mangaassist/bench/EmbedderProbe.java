package com.mangaassist.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.mangaassist.bench.load.LatencyStats;
import com.mangaassist.knowledge.embedding.MiniLmEmbedder;
import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * What embedding a query costs the process that does it, as the turn embeds: one query at a time,
 * back to back and paced (one every 100 ms, as at 10 turns/s, where ONNX Runtime's worker threads
 * wait between queries), with the model as shipped ({@link MiniLmEmbedder}: ONNX Runtime's default
 * session, a worker per core that spins while it waits) and with the same model and weights on a
 * session of one thread and no spinning. Process CPU per query (all threads) and wall time.
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
        TunedMiniLm tuned = TunedMiniLm.create();
        float[] a = shipped.embed(questions.get(0));
        float[] b = tuned.vector(questions.get(0));
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        System.out.printf("embedder probe: the two sessions' vectors agree to cosine %.6f%n", dot);
        costs.put("as shipped, back to back", measure(shipped::embed, questions, 0));
        costs.put("as shipped, one every 100 ms", measure(shipped::embed, questions, PACE_NANOS));
        costs.put("1 thread, no spinning, back to back", measure(tuned::vector, questions, 0));
        costs.put("1 thread, no spinning, one every 100 ms", measure(tuned::vector, questions, PACE_NANOS));
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

    /** all-MiniLM-L6-v2 (quantized), the same weights and tokenizer as the shipped model, on a one-thread, non-spinning session. */
    static final class TunedMiniLm extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        private TunedMiniLm(OnnxBertBiEncoder encoder) {
            super(Runnable::run);
            this.encoder = encoder;
        }

        static TunedMiniLm create() {
            ClassLoader loader = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader();
            try (InputStream model = loader.getResourceAsStream("all-minilm-l6-v2-q.onnx");
                 InputStream tokenizer = loader.getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                OrtSession session = environment.createSession(model.readAllBytes(), options);
                return new TunedMiniLm(new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }

        float[] vector(String text) {
            return embed(text).content().vector();
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }
}
