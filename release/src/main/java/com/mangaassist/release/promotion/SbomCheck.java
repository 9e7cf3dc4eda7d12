package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.release.signing.SbomStatement;
import java.util.Optional;

/** A CycloneDX SBOM, signed by the release key and bound to the image, lists no denied component (unless a waiver names it). */
final class SbomCheck implements EvidenceCheck<ReleasedImage> {

    private final ImageEvidence registry;
    private final DeniedComponents denied;

    SbomCheck(ImageEvidence registry, DeniedComponents denied) {
        this.registry = registry;
        this.denied = denied;
    }

    @Override
    public void check(ReleasedImage image, Refusals refusals) {
        Optional<JsonNode> sbom = registry.newest(image.image(), SbomStatement.PREDICATE_TYPE);
        if (sbom.isEmpty()) {
            refusals.add("no SBOM attestation bound to " + image.digest() + " and signed by the trusted key");
        } else if (!"CycloneDX".equals(sbom.get().path("predicate").path("bomFormat").asText())) {
            refusals.add("the signed SBOM attestation's predicate is not a CycloneDX document");
        } else {
            for (DeniedComponents.Violation violation : denied.violationsOf(sbom.get().path("predicate"))) {
                refusals.addUnlessWaived(violation.component(), "denied component " + violation.describe());
            }
        }
    }
}
