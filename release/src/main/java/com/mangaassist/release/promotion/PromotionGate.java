package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.shared.release.ReleaseManifest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Fail-closed: a release is promotable only when, for every image it names, the registry still
 * serves that very digest under the release's tag, a signature by the trusted key covers that
 * digest, and a provenance attestation signed by the same key says the trusted builder built it
 * from the release's commit, that commit is one the policy accepts (on main), and an SBOM
 * attestation bound to the digest lists no component the policy denies. Everything
 * missing or unverifiable is a refusal with its reason; the gate itself changes nothing.
 */
public final class PromotionGate {

    private final OciRegistry registry;
    private final CosignStore signatures;
    private final PublicKey trustedKey;
    private final String builderId;
    private final Predicate<String> commitAccepted;
    private final DeniedComponents denied;

    public PromotionGate(OciRegistry registry, PublicKey trustedKey, String builderId, Predicate<String> commitAccepted) {
        this(registry, trustedKey, builderId, commitAccepted, DeniedComponents.of(List.of(DeniedComponents.LOG4SHELL)));
    }

    public PromotionGate(OciRegistry registry, PublicKey trustedKey, String builderId, Predicate<String> commitAccepted, DeniedComponents denied) {
        this.denied = denied;
        this.registry = registry;
        this.signatures = new CosignStore(registry);
        this.trustedKey = trustedKey;
        this.builderId = builderId;
        this.commitAccepted = commitAccepted;
    }

    /** Every reason {@code manifest} may not be promoted; empty when it may. */
    public List<String> refusals(ReleaseManifest manifest) {
        List<String> refusals = new ArrayList<>();
        if (!commitAccepted.test(manifest.sourceCommit())) {
            refusals.add("commit " + manifest.sourceCommit() + " is not on the release branch");
        }
        check("orchestrator", manifest.images().orchestrator(), manifest, refusals);
        check("gpu-endpoint", manifest.images().gpuEndpoint(), manifest, refusals);
        return refusals;
    }

    private void check(String role, ReleaseManifest.ImageRef image, ReleaseManifest manifest, List<String> refusals) {
        String name = image.name();
        String digest = image.digest();
        Optional<String> tagged;
        try {
            tagged = registry.digestOf(name, manifest.release());
        } catch (OciRegistry.RegistryException e) {
            refusals.add(role + ": the registry could not be read: " + e.getMessage());
            return;
        }
        if (tagged.isEmpty()) {
            refusals.add(role + ": " + name + ":" + manifest.release() + " is not in the registry");
        } else if (!tagged.get().equals(digest)) {
            refusals.add(role + ": tag " + manifest.release() + " now names " + tagged.get() + ", not the released " + digest
                    + " (re-pushed with other content)");
        }
        switch (signatures.verifySignature(name, digest, trustedKey)) {
            case VERIFIED -> { }
            case UNSIGNED -> refusals.add(role + ": " + digest + " is not signed");
            case OTHER_KEY -> refusals.add(role + ": " + digest + " is signed, but not by the trusted key");
            case FOR_ANOTHER_DIGEST -> refusals.add(role + ": the trusted key's signature next to " + digest + " covers another digest");
        }
        List<JsonNode> provenance = signatures.verifiedStatements(name, digest, Provenance.PREDICATE_TYPE, trustedKey);
        if (provenance.isEmpty()) {
            refusals.add(role + ": no provenance attestation signed by the trusted key");
        } else {
            List<String> problems = Provenance.problems(provenance.get(provenance.size() - 1), digest, builderId, manifest.sourceCommit());
            problems.forEach(problem -> refusals.add(role + ": provenance " + problem));
        }
        List<JsonNode> sboms = signatures.verifiedStatements(name, digest, SbomStatement.PREDICATE_TYPE, trustedKey).stream()
                .filter(statement -> SbomStatement.boundTo(statement, digest)).toList();
        if (sboms.isEmpty()) {
            refusals.add(role + ": no SBOM attestation bound to " + digest + " and signed by the trusted key");
        } else {
            denied.violations(sboms.get(sboms.size() - 1).path("predicate")).forEach(v -> refusals.add(role + ": denied component " + v));
        }
    }
}
