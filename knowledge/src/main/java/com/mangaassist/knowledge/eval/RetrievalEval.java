package com.mangaassist.knowledge.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.knowledge.retrieval.KnowledgeSearch;
import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import com.mangaassist.knowledge.retrieval.RetrievedDocument;
import com.mangaassist.knowledge.search.OpenSearchClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code knowledge eval}: every question through lexical, vector and hybrid retrieval, scored by
 * recall@5, MRR@10 and nDCG@10 per language — the table that decides what each part earns — and
 * the same as JSON (what the release gate's {@code --require-eval} reads).
 */
public final class RetrievalEval {

    public static final int DEPTH = 10;

    /** Wall time of hybrid retrieval per question (embedding, the searches and the fusion), sequential, after the first pass warmed it. */
    public record Latency(int queries, double p50Millis, double p99Millis) {
    }

    /** One method's averages over one language's questions. */
    public record Score(String method, String language, int questions, double recallAt5, double mrrAt10, double ndcgAt10) {
    }

    /** The scores and, for the hybrid method, the questions it missed (none of their relevant documents in the top 5). */
    public record Report(List<Score> scores, List<Score> hybridByKind, List<String> hybridMisses, Latency hybridLatency) {

        public Score score(String method, String language) {
            return scores.stream().filter(s -> s.method.equals(method) && s.language.equals(language)).findFirst().orElseThrow();
        }

        public String latencyLine() {
            return String.format(Locale.ROOT, "hybrid retrieval per question, sequential after warm-up: p50 %.1f ms, p99 %.1f ms (%d queries)%n",
                    hybridLatency.p50Millis(), hybridLatency.p99Millis(), hybridLatency.queries());
        }

        public String table() {
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-8s %-4s %9s %9s %8s %9s%n", "method", "lang", "questions",
                    "recall@5", "MRR@10", "nDCG@10"));
            scores.forEach(s -> table.append(String.format(Locale.ROOT, "%-8s %-4s %9d %9.3f %8.3f %9.3f%n", s.method, s.language, s.questions,
                    s.recallAt5, s.mrrAt10, s.ndcgAt10)));
            return table.toString();
        }

        /** The hybrid method's recall@5 per kind of question and language. */
        public String kindTable() {
            StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-10s %-4s %9s %9s%n", "kind", "lang", "questions", "recall@5"));
            hybridByKind.forEach(s -> table.append(String.format(Locale.ROOT, "%-10s %-4s %9d %9.3f%n", s.method, s.language, s.questions,
                    s.recallAt5)));
            return table.toString();
        }

        public ObjectNode json() {
            ObjectNode root = OpenSearchClient.json().createObjectNode();
            root.put("schemaVersion", 1);
            ArrayNode rows = root.putArray("scores");
            scores.forEach(s -> rows.addObject().put("method", s.method).put("lang", s.language).put("questions", s.questions)
                    .put("recallAt5", s.recallAt5).put("mrrAt10", s.mrrAt10).put("ndcgAt10", s.ndcgAt10));
            root.putObject("hybridLatencyMs").put("p50", hybridLatency.p50Millis()).put("p99", hybridLatency.p99Millis())
                    .put("queries", hybridLatency.queries());
            ArrayNode kinds = root.putArray("hybridByKind");
            hybridByKind.forEach(s -> kinds.addObject().put("kind", s.method).put("lang", s.language).put("questions", s.questions)
                    .put("recallAt5", s.recallAt5).put("mrrAt10", s.mrrAt10).put("ndcgAt10", s.ndcgAt10));
            ArrayNode misses = root.putArray("hybridMisses");
            hybridMisses.forEach(misses::add);
            return root;
        }
    }

    private RetrievalEval() {
    }

    public static Report run(KnowledgeSearch search, List<EvalQuestion> questions) {
        List<Score> scores = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        java.util.Map<String, double[]> byKind = new java.util.TreeMap<>();
        List<Method> methods = List.of(new Method("lexical", search::lexical), new Method("vector", search::vector),
                new Method("hybrid", search::hybrid));
        for (Method method : methods) {
            for (String language : List.of("en", "ja")) {
                List<EvalQuestion> asked = questions.stream().filter(q -> q.language().equals(language)).toList();
                double recall = 0;
                double mrr = 0;
                double ndcg = 0;
                for (EvalQuestion question : asked) {
                    List<String> ranked = method.search.apply(RetrievalQuery.of(question.question(), question.previousTurn()), DEPTH).stream()
                            .map(RetrievedDocument::id).toList();
                    Set<String> relevant = new HashSet<>(question.relevant());
                    double r = RankingMetrics.recallAt(5, ranked, relevant);
                    recall += r;
                    mrr += RankingMetrics.reciprocalRankAt(DEPTH, ranked, relevant);
                    ndcg += RankingMetrics.ndcgAt(DEPTH, ranked, relevant);
                    if (method.name.equals("hybrid")) {
                        if (r == 0) {
                            misses.add(question.id() + ": " + question.question());
                        }
                        double[] sums = byKind.computeIfAbsent(question.kind() + " " + language, key -> new double[4]);
                        sums[0]++;
                        sums[1] += r;
                        sums[2] += RankingMetrics.reciprocalRankAt(DEPTH, ranked, relevant);
                        sums[3] += RankingMetrics.ndcgAt(DEPTH, ranked, relevant);
                    }
                }
                int n = Math.max(asked.size(), 1);
                scores.add(new Score(method.name, language, asked.size(), recall / n, mrr / n, ndcg / n));
            }
        }
        List<Double> millis = new ArrayList<>();
        for (EvalQuestion question : questions) {
            long start = System.nanoTime();
            search.hybrid(RetrievalQuery.of(question.question(), question.previousTurn()), DEPTH);
            millis.add((System.nanoTime() - start) / 1e6);
        }
        millis.sort(Double::compare);
        Latency latency = new Latency(millis.size(), millis.isEmpty() ? 0 : millis.get(millis.size() / 2),
                millis.isEmpty() ? 0 : millis.get(Math.min(millis.size() - 1, (int) Math.ceil(millis.size() * 0.99) - 1)));
        List<Score> kinds = new ArrayList<>();
        byKind.forEach((key, sums) -> kinds.add(new Score(key.split(" ")[0], key.split(" ")[1], (int) sums[0], sums[1] / sums[0], sums[2] / sums[0],
                sums[3] / sums[0])));
        return new Report(scores, kinds, misses, latency);
    }

    private record Method(String name, BiFunction<RetrievalQuery, Integer, List<RetrievedDocument>> search) {
    }
}
