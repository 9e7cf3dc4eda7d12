package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.evidence.Approval;
import com.mangaassist.release.evidence.ReleaseAttester;
import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.evidence.TestResults;
import com.mangaassist.release.evidence.Waiver;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.shared.release.ReleaseManifest;
import com.mangaassist.shared.signing.Dsse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fail-closed: a release is promotable only when, for every image it names, the registry still
 * serves that very digest under the release's tag; a signature by the trusted key covers it;
 * provenance signed by that key says the trusted builder built it from the release's commit, on
 * the release branch; an SBOM attestation bound to the digest lists no denied component; test
 * results for the commit say PASSED; a scan (where the policy wants one) has no open finding at or
 * above the policy's severity; and, for each object in the bucket, the stored bytes hash to the
 * manifest's SHA-256 and a signed provenance names them. A denied component or finding passes only
 * with a waiver signed by the waiver key that names it and has not expired; promotion to an
 * environment that needs approval needs a signed approval of exactly this content. Everything
 * missing or unverifiable is a refusal with its reason; the gate itself changes nothing.
 */
public final class PromotionGate {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A signed file handed to the gate (a waiver or an approval), named for the refusal that may mention it. */
    public record SignedFile(String source, byte[] bytes) {
        public SignedFile {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * One promotion to judge.
     *
     * @param checkApproval false for a rollback: the release was approved when it was first promoted
     */
    public record PromotionRequest(ReleaseManifest manifest, String environment, List<SignedFile> waivers, List<SignedFile> approvals,
                                   boolean checkApproval) {
        public PromotionRequest {
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(environment, "environment");
            waivers = List.copyOf(waivers);
            approvals = List.copyOf(approvals);
        }
    }

    /** The verdict: promotable when {@code refusals} is empty; {@code waived} lists what passed only by a waiver. */
    public record Decision(List<String> refusals, List<String> waived) {
        public Decision {
            refusals = List.copyOf(refusals);
            waived = List.copyOf(waived);
        }

        public boolean promotable() {
            return refusals.isEmpty();
        }
    }

    private final OciRegistry registry;
    private final CosignStore signatures;
    private final ArtifactStore artifacts;
    private final TrustedKeys keys;
    private final PromotionPolicy policy;
    private final Clock clock;

    public PromotionGate(OciRegistry registry, ArtifactStore artifacts, TrustedKeys keys, PromotionPolicy policy, Clock clock) {
        this.registry = registry;
        this.signatures = new CosignStore(registry);
        this.artifacts = artifacts;
        this.keys = keys;
        this.policy = policy;
        this.clock = clock;
    }

    /** The evidence alone, for the manifest's own environment, without waivers or approval (what rollback re-checks). */
    public List<String> refusals(ReleaseManifest manifest) {
        return decide(new PromotionRequest(manifest, manifest.environment(), List.of(), List.of(), false)).refusals();
    }

    public Decision decide(PromotionRequest request) {
        ReleaseManifest manifest = request.manifest();
        List<String> refusals = new ArrayList<>();
        List<String> waived = new ArrayList<>();
        if (!policy.commitAccepted().test(manifest.sourceCommit())) {
            refusals.add("commit " + manifest.sourceCommit() + " is not on the release branch");
        }
        Exceptions exceptions = new Exceptions(waivers(request.waivers(), refusals), refusals, waived);
        image("orchestrator", manifest.images().orchestrator(), request, exceptions, refusals);
        image("gpu-endpoint", manifest.images().gpuEndpoint(), request, exceptions, refusals);
        object("lambda", manifest.artifacts().lambda(), manifest, refusals);
        object("model", manifest.artifacts().model(), manifest, refusals);
        if (request.checkApproval() && policy.approvalRequiredFor().contains(request.environment())) {
            approval(request, refusals);
        }
        return new Decision(refusals, waived);
    }

    private void image(String role, ReleaseManifest.ImageRef image, PromotionRequest request, Exceptions exceptions, List<String> refusals) {
        ReleaseManifest manifest = request.manifest();
        String name = image.name();
        String digest = image.digest();
        Optional<String> tagged;
        try {
            tagged = registry.digestOf(name, manifest.release());
        } catch (OciRegistry.RegistryException | java.io.UncheckedIOException e) {
            refusals.add(role + ": the registry could not be read: " + e.getMessage());
            return;
        }
        if (tagged.isEmpty()) {
            refusals.add(role + ": " + name + ":" + manifest.release() + " is not in the registry");
        } else if (!tagged.get().equals(digest)) {
            refusals.add(role + ": tag " + manifest.release() + " now names " + tagged.get() + ", not the released " + digest
                    + " (re-pushed with other content)");
        }
        switch (signatures.verifySignature(name, digest, keys.release())) {
            case VERIFIED -> { }
            case UNSIGNED -> refusals.add(role + ": " + digest + " is not signed");
            case OTHER_KEY -> refusals.add(role + ": " + digest + " is signed, but not by the trusted key");
            case FOR_ANOTHER_DIGEST -> refusals.add(role + ": the trusted key's signature next to " + digest + " covers another digest");
        }
        Optional<JsonNode> provenance = newest(name, digest, Provenance.PREDICATE_TYPE);
        if (provenance.isEmpty()) {
            refusals.add(role + ": no provenance attestation signed by the trusted key");
        } else {
            Provenance.problems(provenance.get(), digest, policy.builderId(), manifest.sourceCommit())
                    .forEach(problem -> refusals.add(role + ": provenance " + problem));
        }
        Optional<JsonNode> sbom = newest(name, digest, SbomStatement.PREDICATE_TYPE);
        if (sbom.isEmpty()) {
            refusals.add(role + ": no SBOM attestation bound to " + digest + " and signed by the trusted key");
        } else {
            for (DeniedComponents.Violation violation : policy.denied().violationsOf(sbom.get().path("predicate"))) {
                exceptions.refuseUnlessWaived(role, violation.component(), "denied component " + violation.describe());
            }
        }
        Optional<JsonNode> tests = newest(name, digest, TestResults.PREDICATE_TYPE);
        if (tests.isEmpty()) {
            refusals.add(role + ": no test results attestation bound to " + digest + " and signed by the trusted key");
        } else {
            TestResults.problems(tests.get(), manifest.sourceCommit(), policy.requiredTests()).forEach(p -> refusals.add(role + ": " + p));
        }
        Optional<JsonNode> scan = newest(name, digest, ScanReport.PREDICATE_TYPE);
        if (scan.isEmpty()) {
            if (policy.scanRequiredFor().contains(request.environment())) {
                refusals.add(role + ": no vulnerability scan attestation bound to " + digest + " (required for " + request.environment() + ")");
            }
            return;
        }
        ScanReport report;
        try {
            report = ScanReport.fromStatement(scan.get());
        } catch (IllegalArgumentException e) {
            refusals.add(role + ": the signed scan report is unreadable: " + e.getMessage());
            return;
        }
        if (report.imageDigest() != null && !report.imageDigest().equals(digest)) {
            refusals.add(role + ": the scan report is of " + report.imageDigest() + ", not " + digest);
        }
        if (!report.complete()) {
            refusals.add(role + ": the scan of " + digest + " did not complete");
        }
        for (ScanReport.Finding finding : report.findings()) {
            if (finding.severity().compareTo(policy.refuseAtOrAbove()) >= 0) {
                exceptions.refuseUnlessWaived(role, finding.id(), "open finding " + finding.describe() + " at or above " + policy.refuseAtOrAbove());
            }
        }
    }

    private void object(String role, ReleaseManifest.ObjectRef object, ReleaseManifest manifest, List<String> refusals) {
        Optional<String> stored = artifacts.sha256(object.key());
        if (stored.isEmpty()) {
            refusals.add(role + ": " + object.s3Url() + " is not in the artifact store");
            return;
        }
        if (!stored.get().equals(object.sha256())) {
            refusals.add(role + ": " + object.s3Url() + " now holds sha256 " + stored.get() + ", not the released " + object.sha256());
        }
        Optional<byte[]> envelope = artifacts.read(object.key() + ReleaseAttester.BLOB_EVIDENCE_SUFFIX);
        byte[] payload = envelope.map(e -> Dsse.verifiedPayload(e, Dsse.IN_TOTO, keys.release())).orElse(null);
        if (payload == null) {
            refusals.add(role + ": no provenance of " + object.s3Url() + " signed by the trusted key (" + object.key()
                    + ReleaseAttester.BLOB_EVIDENCE_SUFFIX + ")");
            return;
        }
        JsonNode statement = tree(payload);
        Provenance.problems(statement, object.sha256(), policy.builderId(), manifest.sourceCommit())
                .forEach(problem -> refusals.add(role + ": provenance " + problem));
    }

    private void approval(PromotionRequest request, List<String> refusals) {
        List<String> problems = new ArrayList<>();
        for (SignedFile file : request.approvals()) {
            try {
                List<String> mismatches = Approval.verified(file.bytes(), keys.approver(), file.source()).mismatches(request.manifest(), request.environment());
                if (mismatches.isEmpty()) {
                    return;
                }
                problems.addAll(mismatches);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        refusals.add("promotion to " + request.environment() + " needs an approval of " + request.manifest().release()
                + " signed by the approver key (release approve)" + (problems.isEmpty() ? ": none was given" : ": " + String.join("; ", problems)));
    }

    private List<Waiver> waivers(List<SignedFile> files, List<String> refusals) {
        List<Waiver> waivers = new ArrayList<>();
        for (SignedFile file : files) {
            try {
                waivers.add(Waiver.verified(file.bytes(), keys.waiver(), file.source()));
            } catch (IllegalArgumentException e) {
                refusals.add(e.getMessage());
            }
        }
        return waivers;
    }

    /** The newest statement of a type signed by the release key and bound to {@code digest}. */
    private Optional<JsonNode> newest(String name, String digest, String predicateType) {
        List<JsonNode> statements = signatures.verifiedStatements(name, digest, predicateType, keys.release()).stream()
                .filter(statement -> SbomStatement.boundTo(statement, digest)).toList();
        return statements.isEmpty() ? Optional.empty() : Optional.of(statements.get(statements.size() - 1));
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** Refusals that a valid, unexpired waiver naming them turns into notes. */
    private final class Exceptions {
        private final List<Waiver> waivers;
        private final List<String> refusals;
        private final List<String> waived;

        Exceptions(List<Waiver> waivers, List<String> refusals, List<String> waived) {
            this.waivers = waivers;
            this.refusals = refusals;
            this.waived = waived;
        }

        void refuseUnlessWaived(String role, String subject, String refusal) {
            Waiver expired = null;
            for (Waiver waiver : waivers) {
                if (waiver.waives().equals(subject)) {
                    if (!waiver.expiredAt(clock.instant())) {
                        waived.add(role + ": " + refusal + " — waived by " + waiver.approver() + " until " + waiver.expires() + ": " + waiver.reason());
                        return;
                    }
                    expired = waiver;
                }
            }
            refusals.add(role + ": " + refusal + (expired == null ? "" : " (its waiver by " + expired.approver() + " expired at " + expired.expires() + ")"));
        }
    }
}
