package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.release.signing.Provenance;
import java.util.Optional;

/** SLSA provenance, signed by the release key and bound to the image, says the trusted builder built it from the release's commit. */
final class ProvenanceCheck implements EvidenceCheck<ReleasedImage> {

    private final ImageEvidence registry;
    private final String builderId;

    ProvenanceCheck(ImageEvidence registry, String builderId) {
        this.registry = registry;
        this.builderId = builderId;
    }

    @Override
    public void check(ReleasedImage image, Refusals refusals) {
        Optional<JsonNode> provenance = registry.newest(image.image(), Provenance.PREDICATE_TYPE);
        if (provenance.isEmpty()) {
            refusals.add("no provenance attestation signed by the trusted key");
        } else {
            refuseProblems(provenance.get(), image.digest(), builderId, image.manifest().sourceCommit(), refusals);
        }
    }

    /** What is wrong with a signed provenance statement of {@code subject} (an image digest, an object's SHA-256), each a refusal. */
    static void refuseProblems(JsonNode statement, String subject, String builderId, String commit, Refusals refusals) {
        Provenance.problems(statement, subject, builderId, commit).forEach(problem -> refusals.add("provenance " + problem));
    }
}
