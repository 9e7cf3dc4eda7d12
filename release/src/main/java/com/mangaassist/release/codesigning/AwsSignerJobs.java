package com.mangaassist.release.codesigning;

import com.mangaassist.releasecontract.ReleaseManifest;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClientBuilder;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.ResourceNotFoundException;

/**
 * {@link SigningJobs} through the AWS SDK's Signer client: AWS Signer itself, or, with an endpoint
 * override, the local stand-in that speaks the same API (local releases and tests). The caller's
 * credentials need {@code signer:StartSigningJob}/{@code DescribeSigningJob} on the profile and S3
 * read of the source version and write under the prefix (Signer acts with them).
 */
public final class AwsSignerJobs implements SigningJobs {

    private final SignerClient signer;

    public AwsSignerJobs(SignerClient signer) {
        this.signer = signer;
    }

    /**
     * AWS Signer in {@code region} with the SDK's credential chain; or, with {@code standInEndpoint},
     * the local stand-in (which checks no credentials: it is given fixed dummy ones).
     */
    public static AwsSignerJobs connect(String region, URI standInEndpoint) {
        SignerClientBuilder builder = SignerClient.builder().region(Region.of(region.toLowerCase(Locale.ROOT)))
                .httpClient(UrlConnectionHttpClient.create());
        if (standInEndpoint != null) {
            builder.endpointOverride(standInEndpoint)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local-stand-in", "local-stand-in")));
        }
        return new AwsSignerJobs(builder.build());
    }

    @Override
    public String start(ReleaseManifest.ObjectRef source, String profileName, String destinationPrefix, String requestToken) {
        if (source.versionId() == null) {
            throw new IllegalArgumentException(source.s3Url() + " has no version: Signer signs only objects of a versioned bucket");
        }
        return signer.startSigningJob(b -> b.profileName(profileName).clientRequestToken(requestToken)
                .source(s -> s.s3(s3 -> s3.bucketName(source.bucket()).key(source.key()).version(source.versionId())))
                .destination(d -> d.s3(s3 -> s3.bucketName(source.bucket()).prefix(destinationPrefix)))).jobId();
    }

    @Override
    public Optional<SigningProfileState> profile(String name) {
        try {
            var profile = signer.getSigningProfile(b -> b.profileName(name));
            return Optional.of(new SigningProfileState(profile.profileName(), profile.profileVersion(), profile.statusAsString(),
                    profile.revocationRecord() == null ? null : "revoked at " + profile.revocationRecord().revocationEffectiveFrom()));
        } catch (ResourceNotFoundException absent) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<SigningJob> describe(String jobId) {
        DescribeSigningJobResponse job;
        try {
            job = signer.describeSigningJob(b -> b.jobId(jobId));
        } catch (ResourceNotFoundException absent) {
            return Optional.empty();
        }
        boolean signed = job.signedObject() != null && job.signedObject().s3() != null;
        boolean fromS3 = job.source() != null && job.source().s3() != null;
        return Optional.of(new SigningJob(job.jobId(), job.statusAsString(), job.statusReason(), job.profileName(), job.profileVersion(),
                job.platformId(), job.jobOwner(), fromS3 ? job.source().s3().bucketName() : null, fromS3 ? job.source().s3().key() : null, fromS3 ? job.source().s3().version() : null,
                signed ? job.signedObject().s3().bucketName() : null, signed ? job.signedObject().s3().key() : null,
                job.revocationRecord() == null ? null : job.revocationRecord().reason(), job.signatureExpiresAt()));
    }
}
