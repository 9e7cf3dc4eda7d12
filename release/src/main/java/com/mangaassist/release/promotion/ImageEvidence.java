package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.util.List;
import java.util.Optional;

/** What the registry holds about a released image, as far as the release key vouches for it: what the image checks read. */
interface ImageEvidence {

    /** The digest {@code tag} names now; empty when the tag is not there. Throws when the registry cannot be read. */
    Optional<String> taggedDigest(ReleaseManifest.ImageRef image, String tag);

    /** What the signature stored next to the image's digest says. */
    CosignStore.SignatureCheck signature(ReleaseManifest.ImageRef image);

    /** Every in-toto statement of {@code predicateType} the release key signed and bound to the image's digest, in the order they were attached. */
    List<JsonNode> statements(ReleaseManifest.ImageRef image, String predicateType);

    /**
     * The newest such statement. The order of layers in the {@code .att} manifest is not signed, so
     * "newest" is only a choice among statements the release key signed for this very digest.
     */
    default Optional<JsonNode> newest(ReleaseManifest.ImageRef image, String predicateType) {
        List<JsonNode> statements = statements(image, predicateType);
        return statements.isEmpty() ? Optional.empty() : Optional.of(statements.get(statements.size() - 1));
    }
}
