package com.mangaassist.release.codesigning;

import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the promotion gate asks of the overflow function's zip beyond its provenance: that AWS
 * Signer, with the environment's profile, signed exactly the zip the build stored and wrote exactly
 * the object the manifest deploys — read back from Signer's own job record, never from the
 * manifest's word — and that the signature is neither revoked nor expired. Lambda would refuse
 * anything else at deploy time, after the stack had waited on every other resource.
 */
public final class CodeSigningCheck {

    private final SigningJobs jobs;
    private final ArtifactStore store;

    public CodeSigningCheck(SigningJobs jobs, ArtifactStore store) {
        this.jobs = jobs;
        this.store = store;
    }

    /** Every problem, each a sentence; empty when the deployed zip is the one Signer made from the built one. */
    public List<String> problems(ReleaseManifest manifest, String expectedProfile, Instant now) {
        List<String> problems = new ArrayList<>(job(manifest, expectedProfile, now));
        ReleaseManifest.ObjectRef source = manifest.artifacts().lambdaSigning().source();
        if (!source.bucket().equals(store.bucket())) {
            problems.add("the built zip " + source.s3Url() + " is not in the artifact bucket " + store.bucket());
            return problems;
        }
        Optional<String> built = store.sha256(source.key(), source.versionId());
        if (built.isEmpty()) {
            problems.add("the built zip " + source.s3Url() + " version " + source.versionId() + " is not in the artifact store");
        } else if (!built.get().equals(source.sha256())) {
            problems.add("the built zip " + source.s3Url() + " now holds sha256 " + built.get() + ", not the released " + source.sha256());
        }
        return problems;
    }

    private List<String> job(ReleaseManifest manifest, String expectedProfile, Instant now) {
        ReleaseManifest.CodeSigning signing = manifest.artifacts().lambdaSigning();
        ReleaseManifest.ObjectRef deployed = manifest.artifacts().lambda();
        ReleaseManifest.ObjectRef source = signing.source();
        List<String> problems = new ArrayList<>();
        if (!expectedProfile.equals(signing.profileName())) {
            problems.add("signed with profile " + signing.profileName() + ", not the environment's " + expectedProfile);
        }
        Optional<SigningJob> found = jobs.describe(signing.jobId());
        if (found.isEmpty()) {
            problems.add("Signer knows no signing job " + signing.jobId());
            return problems;
        }
        SigningJob job = found.get();
        if (!SigningJob.SUCCEEDED.equals(job.status())) {
            problems.add("signing job " + job.jobId() + " is " + job.status() + (job.statusReason() == null ? "" : " (" + job.statusReason() + ")"));
        }
        if (!signing.profileName().equals(job.profileName())) {
            problems.add("signing job " + job.jobId() + " used profile " + job.profileName() + ", not " + signing.profileName());
        }
        if (!SigningJob.LAMBDA_PLATFORM.equals(job.platformId())) {
            problems.add("signing job " + job.jobId() + " signed for platform " + job.platformId() + ", not " + SigningJob.LAMBDA_PLATFORM);
        }
        if (!source.bucket().equals(job.sourceBucket()) || !source.key().equals(job.sourceKey()) || !String.valueOf(source.versionId()).equals(job.sourceVersion())) {
            problems.add("signing job " + job.jobId() + " signed s3://" + job.sourceBucket() + "/" + job.sourceKey() + " version " + job.sourceVersion()
                    + ", not the built zip " + source.s3Url() + " version " + source.versionId());
        }
        if (!deployed.bucket().equals(job.signedBucket()) || !deployed.key().equals(job.signedKey())) {
            problems.add("the deployed " + deployed.s3Url() + " is not what signing job " + job.jobId() + " wrote (s3://" + job.signedBucket() + "/"
                    + job.signedKey() + ")");
        }
        if (job.revocationReason() != null) {
            problems.add("the signature of job " + job.jobId() + " was revoked: " + job.revocationReason());
        }
        if (job.signatureExpiresAt() != null && !job.signatureExpiresAt().isAfter(now)) {
            problems.add("the signature of job " + job.jobId() + " expired at " + job.signatureExpiresAt());
        }
        Optional<SigningJobs.SigningProfileState> profile = jobs.profile(signing.profileName());
        if (profile.isEmpty()) {
            problems.add("Signer knows no profile " + signing.profileName());
        } else {
            SigningJobs.SigningProfileState state = profile.get();
            if (!"Active".equals(state.status()) || state.revocationReason() != null) {
                problems.add("profile " + state.name() + " is " + state.status() + (state.revocationReason() == null ? "" : " (" + state.revocationReason()
                        + ")") + ": Lambda accepts code only from an active profile version");
            }
            if (!state.version().equals(job.profileVersion())) {
                problems.add("signing job " + job.jobId() + " used profile version " + job.profileVersion() + ", not the current " + state.version()
                        + " the function's code signing config trusts");
            }
        }
        if (!"local".equals(manifest.account()) && !manifest.account().equals(job.jobOwner())) {
            problems.add("signing job " + job.jobId() + " belongs to account " + job.jobOwner() + ", not the release's " + manifest.account());
        }
        return problems;
    }
}
