package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.release.evidence.RetrievalEvalResult;
import java.util.Map;
import java.util.Optional;

/**
 * Where the policy sets recall floors: a retrieval eval, signed by the release key and bound to the
 * image, of the release's commit, reaching each language's floor. Without floors it asks nothing.
 */
final class RetrievalEvalCheck implements EvidenceCheck<ReleasedImage> {

    private final ImageEvidence registry;
    private final Map<String, Double> required;

    RetrievalEvalCheck(ImageEvidence registry, Map<String, Double> required) {
        this.registry = registry;
        this.required = required;
    }

    @Override
    public void check(ReleasedImage image, Refusals refusals) {
        if (required.isEmpty()) {
            return;
        }
        Optional<JsonNode> eval = registry.newest(image.image(), RetrievalEvalResult.PREDICATE_TYPE);
        if (eval.isEmpty()) {
            refusals.add("no retrieval eval attestation bound to " + image.digest() + " (required: " + required + ")");
        } else {
            RetrievalEvalResult.problems(eval.get(), image.manifest().sourceCommit(), required).forEach(refusals::add);
        }
    }
}
