package com.mangaassist.release.codesigning;

import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.artifacts.Sha256;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns the built overflow-function zip into what Lambda accepts under an enforcing code signing
 * config: a Signer job with the environment's profile, waited on, and the object Signer wrote
 * recorded by key, version and SHA-256 ({@link ArtifactStore#adopt}). The manifest deploys that
 * object and keeps the job id, so the gate can ask Signer which zip it signed (ADR 0025).
 */
public final class LambdaCodeSigner {

    /** Signed zips go beside the built ones, under a prefix of their own. */
    public static final String SIGNED_PREFIX = "lambda-overflow/signed/";
    /** Signer takes seconds for a zip: poll from 50 ms, doubling, at most every 2 s. */
    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration MAX_POLL = Duration.ofSeconds(2);

    private final SigningJobs jobs;
    private final ArtifactStore store;
    private final Clock clock;
    private final Duration timeout;

    public LambdaCodeSigner(SigningJobs jobs, ArtifactStore store, Clock clock, Duration timeout) {
        this.jobs = jobs;
        this.store = store;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Signs {@code unsigned} with {@code profileName} for release {@code release}; answers the signed
     * object and the job that made it.
     */
    public Signed sign(ReleaseManifest.ObjectRef unsigned, String profileName, String release) {
        // Signer answers a repeated token with the first call's job whatever else the call says. Reproducible builds make the
        // zip the same bytes across releases, so the token names the release too: each release gets its own job, signed object
        // and evidence (a revoked or failed job of one release never becomes another's), while the SDK's own retries of this
        // call, which resend the same token, still get one job.
        String token = Sha256.of((profileName + "\n" + release + "\n" + unsigned.bucket() + "/" + unsigned.key() + "@" + unsigned.versionId())
                .getBytes(StandardCharsets.UTF_8));
        String jobId = jobs.start(unsigned, profileName, SIGNED_PREFIX, token);
        SigningJob job = await(jobId);
        if (!SigningJob.SUCCEEDED.equals(job.status())) {
            throw new IllegalStateException("Signer job " + jobId + " did not sign " + unsigned.s3Url() + ": " + job.status()
                    + (job.statusReason() == null ? "" : " (" + job.statusReason() + ")"));
        }
        if (!unsigned.bucket().equals(job.signedBucket()) || job.signedKey() == null) {
            throw new IllegalStateException("Signer job " + jobId + " wrote s3://" + job.signedBucket() + "/" + job.signedKey() + ", not into " + unsigned.bucket());
        }
        if (!profileName.equals(job.profileName()) || !unsigned.key().equals(job.sourceKey()) || !String.valueOf(unsigned.versionId()).equals(job.sourceVersion())) {
            throw new IllegalStateException("Signer job " + jobId + " signed " + job.sourceKey() + " version " + job.sourceVersion() + " with "
                    + job.profileName() + ", not what was asked");
        }
        ReleaseManifest.ObjectRef signed = store.adopt(job.signedKey());
        return new Signed(signed, new ReleaseManifest.CodeSigning(jobId, profileName, unsigned));
    }

    private SigningJob await(String jobId) {
        Instant deadline = clock.instant().plus(timeout);
        // Right after StartSigningJob, DescribeSigningJob may not know the job yet (eventual consistency): allow it a few seconds.
        Instant unknownUntil = clock.instant().plus(Duration.ofSeconds(10));
        Duration poll = FIRST_POLL;
        while (true) {
            SigningJob job = jobs.describe(jobId).orElse(null);
            if (job == null && clock.instant().isAfter(unknownUntil)) {
                throw new IllegalStateException("Signer knows no job " + jobId);
            }
            if (job != null && job.finished()) {
                return job;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("Signer job " + jobId + " still " + (job == null ? "unknown" : job.status()) + " after "
                        + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(poll.toMillis());
                poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Signer job " + jobId, e);
            }
        }
    }

    /** The signed zip as stored, and how it was made. */
    public record Signed(ReleaseManifest.ObjectRef object, ReleaseManifest.CodeSigning signing) {
    }
}
