package com.mangaassist.release.codesigning;

import com.mangaassist.releasecontract.ReleaseManifest;
import java.util.Optional;

/** AWS Signer's signing jobs: start one on a stored zip, and read one back by id. */
public interface SigningJobs {

    /**
     * Starts a job signing {@code source} (a versioned object) with {@code profileName}, writing under
     * {@code destinationPrefix} in the same bucket; answers the job id. {@code requestToken} makes a
     * retried start the same job.
     */
    String start(ReleaseManifest.ObjectRef source, String profileName, String destinationPrefix, String requestToken);

    /** The job as Signer reports it now; empty when Signer knows no such job. */
    Optional<SigningJob> describe(String jobId);

    /** The profile as Signer reports it now; empty when there is none. */
    Optional<SigningProfileState> profile(String name);

    /**
     * A signing profile's state: Lambda accepts code only from an {@code Active} profile version its
     * code signing config names, and not once the profile or that version is revoked.
     *
     * @param status           {@code Active}, {@code Canceled} or {@code Revoked}
     * @param revocationReason set when the profile version was revoked
     */
    record SigningProfileState(String name, String version, String status, String revocationReason) {
    }
}
