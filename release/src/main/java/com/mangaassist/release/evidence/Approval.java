package com.mangaassist.release.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.release.signing.Signer;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.signing.Dsse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A person's approval to promote one release to one environment, signed with the approver's key.
 * It names the release by content (both image digests and every object's SHA-256), not only by id,
 * and the Lambda zip's S3 version, so approving a release approves exactly the bytes that were
 * reviewed: content re-pushed under the same release id, or a manifest edited to pin another
 * object version, is not approved.
 */
public record Approval(String release, String environment, String orchestratorDigest, String gpuEndpointDigest, String lambdaSha256,
                       String lambdaVersion, String modelSha256, String largeModelSha256, String approver, Instant approvedAt) {

    public static final String PAYLOAD_TYPE = "application/vnd.mangaassist.approval.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Approval {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(approvedAt, "approvedAt");
        if (approver.isBlank()) {
            throw new IllegalArgumentException("an approval names its approver");
        }
    }

    public static Approval of(ReleaseManifest manifest, String environment, String approver, Instant at) {
        return new Approval(manifest.release(), environment, manifest.images().orchestrator().digest(), manifest.images().gpuEndpoint().digest(),
                manifest.artifacts().lambda().sha256(), String.valueOf(manifest.artifacts().lambda().versionId()), manifest.artifacts().model().sha256(),
                manifest.artifacts().largeModel() == null ? null : manifest.artifacts().largeModel().sha256(), approver, at);
    }

    /** Why this approval does not cover promoting {@code manifest} to {@code env}; empty when it does. */
    public List<String> mismatches(ReleaseManifest manifest, String env) {
        List<String> problems = new ArrayList<>();
        Approval wanted = of(manifest, env, approver, approvedAt);
        if (!release.equals(wanted.release) || !environment.equals(wanted.environment)) {
            problems.add("the approval by " + approver + " is for " + release + " to " + environment + ", not " + wanted.release + " to " + env);
        } else if (!this.equals(wanted)) {
            problems.add("the approval by " + approver + " covers other content than " + manifest.release() + " names now (digests or hashes differ)");
        }
        return problems;
    }

    public byte[] sign(Signer signer) {
        ObjectNode payload = JSON.createObjectNode().put("release", release).put("environment", environment);
        payload.putObject("images").put("orchestrator", orchestratorDigest).put("gpuEndpoint", gpuEndpointDigest);
        ObjectNode artifacts = payload.putObject("artifacts").put("lambda", lambdaSha256).put("lambdaVersion", lambdaVersion)
                .put("model", modelSha256);
        if (largeModelSha256 != null) {
            // Only where the release has one: an approval of a release without it keeps its payload.
            artifacts.put("largeModel", largeModelSha256);
        }
        payload.put("approver", approver).put("approvedAt", approvedAt.toString());
        try {
            return Dsse.envelope(PAYLOAD_TYPE, JSON.writeValueAsBytes(payload), signer::sign);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The approval in {@code envelope} if {@code key} signed it; throws naming what is wrong otherwise. */
    public static Approval verified(byte[] envelope, PublicKey key, String source) {
        byte[] payload = Dsse.verifiedPayload(envelope, PAYLOAD_TYPE, key);
        if (payload == null) {
            throw new IllegalArgumentException("approval " + source + " is not an approval signed by the trusted approver key");
        }
        try {
            JsonNode node = JSON.readTree(payload);
            return new Approval(node.path("release").asText(), node.path("environment").asText(), node.path("images").path("orchestrator").asText(),
                    node.path("images").path("gpuEndpoint").asText(), node.path("artifacts").path("lambda").asText(),
                    node.path("artifacts").path("lambdaVersion").asText(), node.path("artifacts").path("model").asText(),
                    node.path("artifacts").has("largeModel") ? node.path("artifacts").path("largeModel").asText() : null, node.path("approver").asText(""), Instant.parse(node.path("approvedAt").asText()));
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("approval " + source + " is signed but malformed: " + e.getMessage(), e);
        }
    }
}
