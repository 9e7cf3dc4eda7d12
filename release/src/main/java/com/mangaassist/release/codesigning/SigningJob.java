package com.mangaassist.release.codesigning;

import java.time.Instant;

/**
 * An AWS Signer signing job as {@code DescribeSigningJob} reports it: what the promotion gate
 * compares with the manifest. Fields Signer leaves out are {@code null} here (a job in progress
 * has no signed object; an unrevoked one no revocation).
 *
 * @param status             {@code InProgress}, {@code Succeeded} or {@code Failed}
 * @param profileVersion     the profile version that signed (a code signing config trusts one version ARN)
 * @param jobOwner           the account the job belongs to
 * @param signedKey          the key Signer wrote the signed object under ({@code null} until it succeeded)
 * @param revocationReason   why the signature was revoked; {@code null} when it was not
 * @param signatureExpiresAt when the signature stops verifying; {@code null} until it succeeded
 */
public record SigningJob(String jobId, String status, String statusReason, String profileName, String profileVersion, String platformId,
                         String jobOwner, String sourceBucket, String sourceKey, String sourceVersion, String signedBucket, String signedKey,
                         String revocationReason, Instant signatureExpiresAt) {

    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String IN_PROGRESS = "InProgress";
    /** The platform the artifacts stack's profile uses: what a Lambda code signing config accepts. */
    public static final String LAMBDA_PLATFORM = "AWSLambda-SHA384-ECDSA";

    public boolean finished() {
        return !IN_PROGRESS.equals(status);
    }
}
