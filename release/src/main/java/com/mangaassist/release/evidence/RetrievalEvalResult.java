package com.mangaassist.release.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A commit's retrieval quality as evidence: the hybrid method's recall@5 per language from the
 * report {@code knowledge eval} (and {@code RetrievalEvalTest}) writes, bound to the commit and the
 * report's hash, attested like the test results, so the gate can require "retrieval no worse than
 * this" ({@code --require-eval en=0.75,ja=0.70}) as it requires passed tests.
 *
 * @param hybridRecallAt5 language → hybrid recall@5
 */
public record RetrievalEvalResult(String commit, Map<String, Double> hybridRecallAt5, int questions, String reportSha256) {

    public static final String PREDICATE_TYPE = "https://mangaassist.example/attestation/retrieval-eval/v1";
    /** Where the build's eval test writes its report. */
    public static final String DEFAULT_REPORT = "knowledge/target/retrieval-eval.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public RetrievalEvalResult {
        hybridRecallAt5 = Map.copyOf(hybridRecallAt5);
    }

    /** Reads a report; a report that is not the eval's JSON, or holds no hybrid score, is refused with why. */
    public static RetrievalEvalResult read(Path report, String commit) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the eval report " + report, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("eval report " + report + " is not JSON");
        }
        if (root.path("schemaVersion").asInt() != 1 || !root.path("scores").isArray()) {
            throw new IllegalArgumentException("eval report " + report + " is not a knowledge eval report (schemaVersion 1 with scores)");
        }
        Map<String, Double> recall = new TreeMap<>();
        int questions = 0;
        for (JsonNode score : root.path("scores")) {
            if ("hybrid".equals(score.path("method").asText()) && score.path("recallAt5").isNumber()) {
                recall.put(score.path("lang").asText(), score.path("recallAt5").asDouble());
                questions += score.path("questions").asInt();
            }
        }
        if (recall.isEmpty()) {
            throw new IllegalArgumentException("eval report " + report + " holds no hybrid score");
        }
        return new RetrievalEvalResult(commit, recall, questions, sha256(bytes));
    }

    public byte[] statement(String reference, String digestOrSha256) {
        ObjectNode statement = JSON.createObjectNode().put("_type", "https://in-toto.io/Statement/v1");
        String hex = digestOrSha256.startsWith("sha256:") ? digestOrSha256.substring(7) : digestOrSha256;
        statement.putArray("subject").addObject().put("name", reference).putObject("digest").put("sha256", hex);
        statement.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");
        predicate.putObject("source").put("gitCommit", commit);
        predicate.put("reportSha256", reportSha256).put("questions", questions).put("method", "hybrid").put("metric", "recallAt5");
        ObjectNode scores = predicate.putObject("recallAt5");
        hybridRecallAt5.forEach(scores::put);
        try {
            return JSON.writeValueAsBytes(statement);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What keeps {@code statement} from meeting {@code required} (language → minimum recall@5) for a release of {@code commit}. */
    public static List<String> problems(JsonNode statement, String commit, Map<String, Double> required) {
        List<String> problems = new ArrayList<>();
        JsonNode predicate = statement.path("predicate");
        if (!commit.equals(predicate.path("source").path("gitCommit").asText())) {
            problems.add("the retrieval eval is of another commit than the release's " + commit);
        }
        required.forEach((language, minimum) -> {
            JsonNode measured = predicate.path("recallAt5").path(language);
            if (!measured.isNumber()) {
                problems.add("the retrieval eval has no " + language + " score (required: recall@5 >= " + minimum + ")");
            } else if (measured.asDouble() < minimum) {
                problems.add(String.format(java.util.Locale.ROOT, "retrieval recall@5 %s is %.3f, below the required %.2f", language,
                        measured.asDouble(), minimum));
            }
        });
        return problems;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
