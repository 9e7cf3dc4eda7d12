package com.mangaassist.knowledge.cli;

import com.mangaassist.knowledge.documents.CatalogReader;
import com.mangaassist.knowledge.documents.StorePolicyReader;
import com.mangaassist.knowledge.embedding.MiniLmEmbedder;
import com.mangaassist.knowledge.eval.EvalQuestionReader;
import com.mangaassist.knowledge.eval.RetrievalEval;
import com.mangaassist.knowledge.ingest.KnowledgeIngestion;
import com.mangaassist.knowledge.retrieval.KnowledgeSearch;
import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import com.mangaassist.knowledge.search.OpenSearchClient;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code knowledge ingest --endpoint <OpenSearch URL> [--data knowledge/data]} and
 * {@code knowledge eval --endpoint <URL> [--data …] [--json report.json]}. Exits 0 on success, 1
 * with the refusals (file, line, field) or one line saying what failed.
 */
public final class KnowledgeCli {

    private KnowledgeCli() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    public static int run(PrintStream out, String... args) {
        if (args.length == 0 || !Set.of("ingest", "eval", "search").contains(args[0])) {
            out.println("usage: knowledge ingest|eval|search --endpoint <OpenSearch URL> [--data <dir>] [--replicas <n>] [--json <file>] "
                    + "[--query <text>]");
            return 2;
        }
        URI endpoint = null;
        Path data = Path.of("knowledge/data");
        Path json = null;
        String query = null;
        int replicas = 0;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--endpoint" -> endpoint = URI.create(args[i + 1]);
                case "--data" -> data = Path.of(args[i + 1]);
                case "--json" -> json = Path.of(args[i + 1]);
                case "--query" -> query = args[i + 1];
                case "--replicas" -> replicas = Integer.parseInt(args[i + 1]);
                default -> {
                    out.println("unknown option " + args[i]);
                    return 2;
                }
            }
        }
        if (endpoint == null) {
            out.println("--endpoint <OpenSearch URL> is required");
            return 2;
        }
        OpenSearchClient client = new OpenSearchClient(endpoint, Duration.ofSeconds(10));
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        try {
            if (args[0].equals("search")) {
                return search(out, client, embedder, query);
            }
            return args[0].equals("ingest") ? ingest(out, client, embedder, data, replicas) : eval(out, client, embedder, data, json);
        } catch (RuntimeException e) {
            out.println("knowledge " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }

    private static int ingest(PrintStream out, OpenSearchClient client, MiniLmEmbedder embedder, Path data, int replicas) {
        KnowledgeIngestion.Outcome outcome = new KnowledgeIngestion(client, embedder, Clock.systemUTC(), replicas).ingest(data, done -> {
            if (done % 10 == 0) {
                out.print("\r" + bar(done) + " " + done + " documents embedded and indexed");
            }
        });
        out.println();
        if (outcome instanceof KnowledgeIngestion.Refused refused) {
            refused.errors().forEach(error -> out.println("refused: " + error));
            out.println("nothing was written: " + refused.errors().size() + " malformed document(s)");
            return 1;
        }
        if (outcome instanceof KnowledgeIngestion.Unchanged unchanged) {
            out.println("unchanged: " + unchanged.index() + " already holds these " + unchanged.documents() + " documents; nothing written");
        } else if (outcome instanceof KnowledgeIngestion.Published published) {
            out.printf(Locale.ROOT, "published %s (%d documents, %.1f MB) in %.1f s; alias moved from %s%s%n", published.index(),
                    published.documents(), published.storeBytes() / 1e6, published.took().toMillis() / 1000.0,
                    published.previous() == null ? "nothing" : published.previous(),
                    published.deleted().isEmpty() ? "" : "; deleted " + String.join(", ", published.deleted()));
        }
        return 0;
    }

    private static int eval(PrintStream out, OpenSearchClient client, MiniLmEmbedder embedder, Path data, Path json) {
        Set<String> corpus = new HashSet<>();
        CatalogReader.read(data.resolve("catalog")).documents().forEach(e -> corpus.add(e.id()));
        StorePolicyReader.read(data.resolve("store")).documents().forEach(p -> corpus.add(p.id()));
        EvalQuestionReader.Result questions = EvalQuestionReader.read(data.resolve("eval/questions.jsonl"), corpus);
        if (!questions.errors().isEmpty()) {
            questions.errors().forEach(error -> out.println("refused: " + error));
            return 1;
        }
        RetrievalEval.Report report = RetrievalEval.run(new KnowledgeSearch(client, embedder), questions.questions());
        out.print(report.table());
        out.println();
        out.print(report.kindTable());
        out.print(report.latencyLine());
        if (json != null) {
            try {
                Files.writeString(json, report.json().toPrettyString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return 0;
    }

    private static int search(PrintStream out, OpenSearchClient client, MiniLmEmbedder embedder, String query) {
        if (query == null) {
            out.println("--query <text> is required");
            return 2;
        }
        new KnowledgeSearch(client, embedder).hybrid(RetrievalQuery.of(query, null), 5)
                .forEach(d -> out.printf(Locale.ROOT, "%.4f  %-8s %-40s %s%n", d.score(), d.kind(), d.id(), d.title()));
        return 0;
    }

    private static String bar(int done) {
        int filled = Math.min(30, done / 12);
        return "[" + "#".repeat(filled) + " ".repeat(30 - filled) + "]";
    }
}
