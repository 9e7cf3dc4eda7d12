package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/** {@link ImageEvidence} read from the OCI registry: the release tag, and cosign's signature and attestations verified with the release key. */
final class RegistryEvidence implements ImageEvidence {

    private final OciRegistry registry;
    private final CosignStore signatures;
    private final PublicKey releaseKey;

    RegistryEvidence(OciRegistry registry, PublicKey releaseKey) {
        this.registry = registry;
        this.signatures = new CosignStore(registry);
        this.releaseKey = releaseKey;
    }

    @Override
    public Optional<String> taggedDigest(ReleaseManifest.ImageRef image, String tag) {
        return registry.digestOf(image.name(), tag);
    }

    @Override
    public CosignStore.SignatureCheck signature(ReleaseManifest.ImageRef image) {
        return signatures.verifySignature(image.name(), image.digest(), releaseKey);
    }

    @Override
    public List<JsonNode> statements(ReleaseManifest.ImageRef image, String predicateType) {
        return signatures.verifiedStatements(image.name(), image.digest(), predicateType, releaseKey).stream()
                .filter(statement -> SbomStatement.boundTo(statement, image.digest())).toList();
    }
}
