package com.mangaassist.release.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Build provenance as an in-toto Statement v1 with a SLSA provenance v1 predicate: which image
 * (subject, by digest), built by which builder, from which source commit, with which parameters
 * (environment, release, the base images by digest).
 */
public final class Provenance {

    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
    public static final String BUILD_TYPE = "https://github.com/mangaassist/release-build/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Provenance() {
    }

    /**
     * What a build was run with, beyond its source commit.
     *
     * @param baseImages     the base images by reference, each {@code name@sha256:<hex>}
     * @param lockfileSha256 the digest of the dependency lock inputs (every pom.xml and package-lock.json at the commit); null omits it
     */
    public record BuildParameters(String environment, String release, Map<String, String> baseImages, String lockfileSha256) {
        public BuildParameters {
            baseImages = Map.copyOf(baseImages);
        }
    }

    /** @param digest {@code sha256:<hex>} of the subject (an image manifest, or a file) */
    public static byte[] statement(String reference, String digest, String builderId, String commit, BuildParameters parameters) {
        ObjectNode statement = JSON.createObjectNode().put("_type", STATEMENT_TYPE);
        statement.putArray("subject").addObject().put("name", reference).putObject("digest").put("sha256", hex(digest));
        statement.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");
        ObjectNode build = predicate.putObject("buildDefinition").put("buildType", BUILD_TYPE);
        ObjectNode external = build.putObject("externalParameters").put("environment", parameters.environment()).put("release", parameters.release());
        ObjectNode bases = external.putObject("baseImages");
        new java.util.TreeMap<>(parameters.baseImages()).forEach(bases::put);
        ArrayNode dependencies = build.putArray("resolvedDependencies");
        dependencies.addObject().put("uri", "git+source").putObject("digest").put("gitCommit", commit);
        new java.util.TreeMap<>(parameters.baseImages()).forEach((role, base) -> dependencies.addObject()
                .put("uri", "oci://" + base.substring(0, base.indexOf('@'))).put("name", role)
                .putObject("digest").put("sha256", hex(base.substring(base.indexOf('@') + 1))));
        if (parameters.lockfileSha256() != null) {
            dependencies.addObject().put("uri", "git+source#lockfiles").put("name", "dependency lock inputs (pom.xml, package-lock.json)")
                    .putObject("digest").put("sha256", parameters.lockfileSha256());
        }
        predicate.putObject("runDetails").putObject("builder").put("id", builderId);
        try {
            return JSON.writeValueAsBytes(statement);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with {@code statement} as the provenance of {@code digest} built by {@code builderId} from {@code commit}; empty when nothing. */
    public static List<String> problems(JsonNode statement, String digest, String builderId, String commit) {
        List<String> problems = new ArrayList<>();
        if (!STATEMENT_TYPE.equals(statement.path("_type").asText()) || !PREDICATE_TYPE.equals(statement.path("predicateType").asText())) {
            problems.add("not an in-toto statement with a SLSA v1 provenance predicate");
            return problems;
        }
        boolean subject = false;
        for (JsonNode s : statement.path("subject")) {
            subject |= hex(digest).equals(s.path("digest").path("sha256").asText());
        }
        if (!subject) {
            problems.add("its subject is another digest than " + digest);
        }
        String builder = statement.path("predicate").path("runDetails").path("builder").path("id").asText();
        if (!builderId.equals(builder)) {
            problems.add("built by " + (builder.isEmpty() ? "an unnamed builder" : builder) + ", not the trusted builder " + builderId);
        }
        boolean fromCommit = false;
        for (JsonNode dependency : statement.path("predicate").path("buildDefinition").path("resolvedDependencies")) {
            fromCommit |= commit.equals(dependency.path("digest").path("gitCommit").asText());
        }
        if (!fromCommit) {
            problems.add("built from another commit than the release's " + commit);
        }
        return problems;
    }

    private static String hex(String digest) {
        return digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
    }
}
