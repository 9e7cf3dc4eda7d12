package com.mangaassist.release.promotion;

import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.codesigning.CodeSigningCheck;
import com.mangaassist.release.codesigning.SigningJobs;
import com.mangaassist.release.evidence.Approval;
import com.mangaassist.release.evidence.Waiver;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.SigningProfiles;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 *
 * <p>Each kind of evidence is one {@link EvidenceCheck}: the image checks run, in order, on each
 * image; the object checks on each object in the bucket, and the Lambda zip's code signing on it.
 */
public final class PromotionGate {

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

    private final List<EvidenceCheck<ReleasedImage>> imageChecks;
    private final List<EvidenceCheck<ReleasedObject>> objectChecks;
    private final CodeSigningCheck codeSigning;
    private final TrustedKeys keys;
    private final PromotionPolicy policy;
    private final Clock clock;

    /** @param signingJobs AWS Signer (or its local stand-in), asked which zip each release's signing job signed */
    public PromotionGate(OciRegistry registry, ArtifactStore artifacts, SigningJobs signingJobs, TrustedKeys keys, PromotionPolicy policy, Clock clock) {
        ImageEvidence evidence = new RegistryEvidence(registry, keys.release());
        this.imageChecks = List.of(
                new ReleaseTagCheck(evidence),
                new ImageSignatureCheck(evidence),
                new ProvenanceCheck(evidence, policy.builderId()),
                new SbomCheck(evidence, policy.denied()),
                new TestResultsCheck(evidence, policy.requiredTests()),
                new RetrievalEvalCheck(evidence, policy.requiredEval()),
                new ScanCheck(evidence, policy.scanRequiredFor(), policy.refuseAtOrAbove(), policy.maxScanAge(), clock));
        this.objectChecks = List.of(
                new StoredObjectCheck(artifacts),
                new ObjectProvenanceCheck(artifacts, keys.release(), policy.builderId()));
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
        String environment = request.environment();
        Verdict verdict = new Verdict(clock);
        if (!policy.commitAccepted().test(manifest.sourceCommit())) {
            verdict.refuse("commit " + manifest.sourceCommit() + " is not on the release branch");
        }
        boolean guarded = policy.approvalRequiredFor().contains(environment);
        if (guarded) {
            separationOfDuties(request, verdict);
        }
        waivers(request.waivers(), environment, verdict);
        verify(imageChecks, new ReleasedImage(manifest.images().orchestrator(), manifest, environment), verdict.about("orchestrator"));
        verify(imageChecks, new ReleasedImage(manifest.images().gpuEndpoint(), manifest, environment), verdict.about("gpu-endpoint"));
        ReleasedObject lambda = new ReleasedObject(manifest.artifacts().lambda(), manifest, environment);
        verify(objectChecks, lambda, verdict.about("lambda"));
        verify(List.of(this::lambdaCodeSigning), lambda, verdict.about("lambda"));
        verify(objectChecks, new ReleasedObject(manifest.artifacts().model(), manifest, environment), verdict.about("model"));
        if (manifest.artifacts().largeModel() != null) {
            verify(objectChecks, new ReleasedObject(manifest.artifacts().largeModel(), manifest, environment), verdict.about("largeModel"));
        }
        if (request.checkApproval() && guarded) {
            approval(request, verdict);
        }
        return verdict.decision();
    }

    /**
     * Runs an item's checks in order. Whatever cannot be read or verified (a registry or S3 error, a
     * malformed document) is a refusal with its reason, never a crash or a pass, and ends the item's checks.
     */
    private static <T> void verify(List<EvidenceCheck<T>> checks, T item, Refusals refusals) {
        try {
            for (EvidenceCheck<T> check : checks) {
                check.check(item, refusals);
            }
        } catch (EvidenceCheck.Stop stop) {
            refusals.add(stop.getMessage());
        } catch (RuntimeException e) {
            refusals.add("could not be verified: " + e.getMessage());
        }
    }

    /** AWS Signer, with the environment's profile, made the deployed zip from the built one (ADR 0025). */
    private void lambdaCodeSigning(ReleasedObject lambda, Refusals refusals) {
        codeSigning.problems(lambda.manifest(), SigningProfiles.overflowFunction(lambda.environment()), clock.instant()).forEach(refusals::add);
    }

    private void separationOfDuties(PromotionRequest request, Verdict verdict) {
        String env = request.environment();
        if (keys.promotion().equals(keys.release())) {
            verdict.refuse("promotion to " + env + " needs a promotion key other than the release key (--promotion-key): the pipeline that signs "
                    + "a build must not also mark it promoted");
        }
        if (request.checkApproval() && keys.approver().equals(keys.release())) {
            verdict.refuse("approvals for " + env + " must be verified with an approver key other than the release key (--approver-key)");
        }
        if (!request.waivers().isEmpty() && keys.waiver().equals(keys.release())) {
            verdict.refuse("waivers for " + env + " must be verified with a waiver key other than the release key (--waiver-key)");
        }
    }

    private void approval(PromotionRequest request, Verdict verdict) {
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
        verdict.refuse("promotion to " + request.environment() + " needs an approval of " + request.manifest().release()
                + " signed by the approver key (release approve)" + (problems.isEmpty() ? ": none was given" : ": " + String.join("; ", problems)));
    }

    /** Honours each waiver signed by the waiver key for this environment and no longer than allowed; refuses the others. */
    private void waivers(List<SignedFile> files, String environment, Verdict verdict) {
        for (SignedFile file : files) {
            Waiver waiver;
            try {
                waiver = Waiver.verified(file.bytes(), keys.waiver(), file.source());
            } catch (IllegalArgumentException e) {
                verdict.refuse(e.getMessage());
                continue;
            }
            if (!waiver.environment().equals(environment)) {
                verdict.refuse("waiver " + file.source() + " is for " + waiver.environment() + ", not " + environment);
            } else if (waiver.tooLong()) {
                verdict.refuse("waiver " + file.source() + " lasts from " + waiver.issuedAt() + " to " + waiver.expires() + ", longer than "
                        + Waiver.MAX_LIFETIME.toDays() + " days");
            } else {
                verdict.honour(waiver);
            }
        }
    }
}
