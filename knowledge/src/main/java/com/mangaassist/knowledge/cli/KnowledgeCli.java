package com.mangaassist.knowledge.cli;

import com.mangaassist.knowledge.documents.CatalogReader;
import com.mangaassist.knowledge.documents.StorePolicyReader;
import com.mangaassist.knowledge.embedding.MiniLmEmbedder;
import com.mangaassist.knowledge.eval.EvalQuestionReader;
import com.mangaassist.knowledge.eval.RetrievalEval;
import com.mangaassist.knowledge.ingest.KnowledgeIngestion;
import com.mangaassist.knowledge.retrieval.KnowledgeSearch;
import com.mangaassist.knowledge.retrieval.RetrievalQuery;
import com.mangaassist.knowledge.retrieval.RetrievedDocument;
import com.mangaassist.knowledge.search.OpenSearchClient;
import com.mangaassist.knowledge.search.RequestSigner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code knowledge ingest --endpoint <OpenSearch URL> [--data knowledge/data | s3://<bucket>/<prefix>/]
 * [--replicas <n>] [--region <region>] [--sigv4]}, {@code knowledge eval --endpoint <URL> [--data …]
 * [--questions <file>] [--json report.json]} and {@code knowledge search --endpoint <URL> --query <text>}.
 * {@code eval} reads the data's {@code eval/questions.jsonl} unless {@code --questions} names another
 * file, such as the held-out set {@code knowledge/data/eval/heldout.jsonl}. Exits 0 on
 * success, 1 with the refusals (file, line, field) or one line saying what failed, 2 on a command
 * line it cannot run.
 *
 * <p>{@code --data s3://…} downloads exactly the objects under the prefix into a temporary
 * directory first, whole or not at all ({@link S3DataDownload}): a failed or partial download
 * never reaches ingestion. Requests to the engine are SigV4-signed with the default credentials
 * chain when {@code --sigv4} is given or the endpoint is an OpenSearch Service domain's
 * ({@link SearchSigning}). In AWS the ingestion task runs this class from the orchestrator image
 * (infra-cdk's {@code KnowledgeIngestTask}, ADR 0029).
 */
public final class KnowledgeCli {

    private KnowledgeCli() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    public static int run(PrintStream out, String... args) {
        return run(out, AwsAccess.defaults(), args);
    }

    /** With the AWS access tests hand in (a local S3 stand-in, static credentials). */
    static int run(PrintStream out, AwsAccess aws, String... args) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (CliOptions.UsageException e) {
            out.println(e.getMessage());
            if (!e.getMessage().equals(CliOptions.USAGE)) {
                out.println(CliOptions.USAGE);
            }
            return 2;
        }
        try {
            OpenSearchClient client = new OpenSearchClient(options.endpoint(), Duration.ofSeconds(10), signer(out, options, aws));
            if (options.command().equals("search")) {
                return search(out, client, new MiniLmEmbedder(), options.query());
            }
            try (DataDirectory data = DataDirectory.open(options.s3Data(), options.localData(), () -> aws.s3(aws.region(options.region())))) {
                out.println("data: " + data.origin());
                MiniLmEmbedder embedder = new MiniLmEmbedder();
                return options.command().equals("ingest") ? ingest(out, client, embedder, data.path(), options.replicas())
                        : eval(out, client, embedder, data.path(), options.questionsIn(data.path()), options.json());
            }
        } catch (RuntimeException e) {
            out.println("knowledge " + options.command() + ": " + e.getMessage());
            return 1;
        }
    }

    /** SigV4 with the default credentials chain when asked or when the endpoint is a domain's; unsigned otherwise (a local node). */
    private static RequestSigner signer(PrintStream out, CliOptions options, AwsAccess aws) {
        if (!SearchSigning.signs(options.endpoint(), options.sigv4())) {
            return RequestSigner.UNSIGNED;
        }
        String region = aws.region(options.region()).id();
        out.println("signing requests to " + options.endpoint().getHost() + " with SigV4 (es, " + region + ")");
        return SearchSigning.sigV4(aws.credentials(), region);
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

    private static int eval(PrintStream out, OpenSearchClient client, MiniLmEmbedder embedder, Path data, Path questionsFile, Path json) {
        Set<String> corpus = new HashSet<>();
        CatalogReader.read(data.resolve("catalog")).documents().forEach(e -> corpus.add(e.id()));
        StorePolicyReader.read(data.resolve("store")).documents().forEach(p -> corpus.add(p.id()));
        EvalQuestionReader.Result questions = EvalQuestionReader.read(questionsFile, corpus);
        if (!questions.errors().isEmpty()) {
            questions.errors().forEach(error -> out.println("refused: " + error));
            return 1;
        }
        out.println("questions: " + questionsFile + " (" + questions.questions().size() + ")");
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
        KnowledgeSearch search = new KnowledgeSearch(client, embedder);
        RetrievalQuery retrievalQuery = RetrievalQuery.of(query, null);
        List<RetrievedDocument> hits = search.hybrid(retrievalQuery, 5);
        Map<String, String> titles = new HashMap<>();
        search.passages(hits, retrievalQuery.language()).forEach(p -> titles.put(p.id(), p.title()));
        hits.forEach(d -> out.printf(Locale.ROOT, "%.4f  %-8s %-40s %s%n", d.score(), d.kind(), d.id(), titles.getOrDefault(d.id(), "")));
        return 0;
    }

    private static String bar(int done) {
        int filled = Math.min(30, done / 12);
        return "[" + "#".repeat(filled) + " ".repeat(30 - filled) + "]";
    }
}
