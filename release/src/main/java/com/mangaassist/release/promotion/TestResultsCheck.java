package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.release.evidence.TestResults;
import java.util.List;
import java.util.Optional;

/** Test results, signed by the release key and bound to the image, are of the release's commit, PASSED, and include every required suite. */
final class TestResultsCheck implements EvidenceCheck<ReleasedImage> {

    private final ImageEvidence registry;
    private final List<String> requiredTests;

    TestResultsCheck(ImageEvidence registry, List<String> requiredTests) {
        this.registry = registry;
        this.requiredTests = requiredTests;
    }

    @Override
    public void check(ReleasedImage image, Refusals refusals) {
        Optional<JsonNode> tests = registry.newest(image.image(), TestResults.PREDICATE_TYPE);
        if (tests.isEmpty()) {
            refusals.add("no test results attestation bound to " + image.digest() + " and signed by the trusted key");
        } else {
            TestResults.problems(tests.get(), image.manifest().sourceCommit(), requiredTests).forEach(refusals::add);
        }
    }
}
