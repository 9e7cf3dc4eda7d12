package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.codesigning.CodeSigningCheck;
import com.mangaassist.release.codesigning.SigningJobs;
import com.mangaassist.release.evidence.Approval;
import com.mangaassist.release.evidence.ReleaseAttester;
import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.evidence.RetrievalEvalResult;
import com.mangaassist.release.evidence.TestResults;
import com.mangaassist.release.evidence.Waiver;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.shared.release.ReleaseManifest;
import com.mangaassist.shared.release.SigningProfiles;
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
    private final CodeSigningCheck codeSigning;
    private final TrustedKeys keys;
    private final PromotionPolicy policy;
    private final Clock clock;

    /** @param signingJobs AWS Signer (or its local stand-in), asked which zip each release's signing job signed */
    public PromotionGate(OciRegistry registry, ArtifactStore artifacts, SigningJobs signingJobs, TrustedKeys keys, PromotionPolicy policy, Clock clock) {
        this.registry = registry;
        this.signatures = new CosignStore(registry);
        this.artifacts = artifacts;
        this.codeSigning = new CodeSigningCheck(signingJobs, artifacts);
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
        boolean guarded = policy.approvalRequiredFor().contains(request.environment());
        if (guarded) {
            separationOfDuties(request, refusals);
        }
        Exceptions exceptions = new Exceptions(waivers(request.waivers(), request.environment(), refusals), refusals, waived);
        checked("orchestrator", refusals, () -> image("orchestrator", manifest.images().orchestrator(), request, exceptions, refusals));
        checked("gpu-endpoint", refusals, () -> image("gpu-endpoint", manifest.images().gpuEndpoint(), request, exceptions, refusals));
        checked("lambda", refusals, () -> object("lambda", manifest.artifacts().lambda(), manifest, refusals));
        checked("lambda", refusals, () -> codeSigning.problems(manifest, SigningProfiles.overflowFunction(request.environment()), clock.instant())
                .forEach(problem -> refusals.add("lambda: " + problem)));
        checked("model", refusals, () -> object("model", manifest.artifacts().model(), manifest, refusals));
        if (manifest.artifacts().largeModel() != null) {
            checked("largeModel", refusals, () -> object("largeModel", manifest.artifacts().largeModel(), manifest, refusals));
        }
        if (request.checkApproval() && guarded) {
            approval(request, refusals);
        }
        return new Decision(refusals, waived);
    }

    /** Whatever cannot be read or verified (a registry or S3 error, a malformed document) is a refusal with its reason, never a crash or a pass. */
    private static void checked(String role, List<String> refusals, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            refusals.add(role + ": could not be verified: " + e.getMessage());
        }
    }

    private void separationOfDuties(PromotionRequest request, List<String> refusals) {
        String env = request.environment();
        if (keys.promotion().equals(keys.release())) {
            refusals.add("promotion to " + env + " needs a promotion key other than the release key (--promotion-key): the pipeline that signs "
                    + "a build must not also mark it promoted");
        }
        if (request.checkApproval() && keys.approver().equals(keys.release())) {
            refusals.add("approvals for " + env + " must be verified with an approver key other than the release key (--approver-key)");
        }
        if (!request.waivers().isEmpty() && keys.waiver().equals(keys.release())) {
            refusals.add("waivers for " + env + " must be verified with a waiver key other than the release key (--waiver-key)");
        }
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
        } else if (!"CycloneDX".equals(sbom.get().path("predicate").path("bomFormat").asText())) {
            refusals.add(role + ": the signed SBOM attestation's predicate is not a CycloneDX document");
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
        if (!policy.requiredEval().isEmpty()) {
            Optional<JsonNode> eval = newest(name, digest, RetrievalEvalResult.PREDICATE_TYPE);
            if (eval.isEmpty()) {
                refusals.add(role + ": no retrieval eval attestation bound to " + digest + " (required: " + policy.requiredEval() + ")");
            } else {
                RetrievalEvalResult.problems(eval.get(), manifest.sourceCommit(), policy.requiredEval()).forEach(p -> refusals.add(role + ": " + p));
            }
        }
        List<JsonNode> scans = bound(name, digest, ScanReport.PREDICATE_TYPE);
        if (scans.isEmpty()) {
            if (policy.scanRequiredFor().contains(request.environment())) {
                refusals.add(role + ": no vulnerability scan attestation bound to " + digest + " (required for " + request.environment() + ")");
            }
            return;
        }
        // Every signed scan of this digest counts: a finding one scanner reported stays open whatever a later or other scan says.
        java.time.Instant newest = null;
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (JsonNode statement : scans) {
            ScanReport report;
            try {
                report = ScanReport.fromStatement(statement);
            } catch (IllegalArgumentException e) {
                refusals.add(role + ": a signed scan report is unreadable: " + e.getMessage());
                continue;
            }
            if (report.imageDigests().isEmpty()) {
                refusals.add(role + ": a scan report does not say which image it scanned");
            } else if (!report.imageDigests().contains(digest)) {
                refusals.add(role + ": the scan report is of " + String.join(", ", report.imageDigests()) + ", not " + digest);
            }
            if (!report.complete()) {
                refusals.add(role + ": a scan of " + digest + " is incomplete (still running, or one page of its findings)");
            }
            if (report.scannedAt() != null && (newest == null || report.scannedAt().isAfter(newest))) {
                newest = report.scannedAt();
            }
            for (ScanReport.Finding finding : report.findings()) {
                if (finding.severity().compareTo(policy.refuseAtOrAbove()) >= 0 && reported.add(finding.describe())) {
                    exceptions.refuseUnlessWaived(role, finding.id(), "open finding " + finding.describe() + " at or above " + policy.refuseAtOrAbove());
                }
            }
        }
        if (newest == null) {
            refusals.add(role + ": no scan report says when it ran");
        } else if (newest.isBefore(clock.instant().minus(policy.maxScanAge()))) {
            refusals.add(role + ": the newest scan ran at " + newest + ", more than " + policy.maxScanAge().toDays()
                    + " days ago: advisories published since are not in it");
        }
    }

    private void object(String role, ReleaseManifest.ObjectRef object, ReleaseManifest manifest, List<String> refusals) {
        Optional<String> stored = artifacts.sha256(object.key(), object.versionId());
        if (stored.isEmpty()) {
            refusals.add(role + ": " + object.s3Url() + (object.versionId() == null ? "" : " version " + object.versionId())
                    + " is not in the artifact store");
            return;
        }
        if (!stored.get().equals(object.sha256())) {
            refusals.add(role + ": " + object.s3Url() + " now holds sha256 " + stored.get() + ", not the released " + object.sha256());
        }
        Optional<byte[]> envelope = artifacts.read(ReleaseAttester.blobEvidenceKey(object, manifest.release()));
        byte[] payload = envelope.map(e -> Dsse.verifiedPayload(e, Dsse.IN_TOTO, keys.release())).orElse(null);
        if (payload == null) {
            refusals.add(role + ": no provenance of " + object.s3Url() + " signed by the trusted key (" + ReleaseAttester.blobEvidenceKey(object,
                    manifest.release()) + ")");
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

    private List<Waiver> waivers(List<SignedFile> files, String environment, List<String> refusals) {
        List<Waiver> waivers = new ArrayList<>();
        for (SignedFile file : files) {
            Waiver waiver;
            try {
                waiver = Waiver.verified(file.bytes(), keys.waiver(), file.source());
            } catch (IllegalArgumentException e) {
                refusals.add(e.getMessage());
                continue;
            }
            if (!waiver.environment().equals(environment)) {
                refusals.add("waiver " + file.source() + " is for " + waiver.environment() + ", not " + environment);
            } else if (waiver.tooLong()) {
                refusals.add("waiver " + file.source() + " lasts from " + waiver.issuedAt() + " to " + waiver.expires() + ", longer than "
                        + Waiver.MAX_LIFETIME.toDays() + " days");
            } else {
                waivers.add(waiver);
            }
        }
        return waivers;
    }

    /** Every statement of a type signed by the release key and bound to {@code digest}, in the order they were attached. */
    private List<JsonNode> bound(String name, String digest, String predicateType) {
        return signatures.verifiedStatements(name, digest, predicateType, keys.release()).stream()
                .filter(statement -> SbomStatement.boundTo(statement, digest)).toList();
    }

    /**
     * The newest such statement. The order of layers in the {@code .att} manifest is not signed, so
     * "newest" is only a choice among statements the release key signed for this very digest.
     */
    private Optional<JsonNode> newest(String name, String digest, String predicateType) {
        List<JsonNode> statements = bound(name, digest, predicateType);
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
