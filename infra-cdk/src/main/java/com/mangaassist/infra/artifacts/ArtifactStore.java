package com.mangaassist.infra.artifacts;

import com.mangaassist.infra.images.ImageRepository;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NoncurrentVersionTransition;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.signer.Platform;
import software.amazon.awscdk.services.signer.SigningProfile;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * Where releases are kept before any platform deploys them: the two image repositories, the
 * artifact bucket (the overflow function's zip and the model tarball), its access-log bucket, and
 * the Signer profile the overflow function's code must be signed with. Everything is named by
 * {@link ArtifactNames}; in prod all of it outlives a stack deletion.
 *
 * <p>The bucket uses S3-managed keys, not the images' KMS key: Signer, Lambda (reading the zip at
 * deploy) and SageMaker (reading the model) would each need a key grant across stacks, and the
 * objects are build outputs, not customer data.
 */
public final class ArtifactStore extends Construct {

    private final Repository orchestrator;
    private final Repository gpuEndpoint;
    private final Bucket bucket;
    private final Bucket accessLogs;
    private final SigningProfile signingProfile;

    public ArtifactStore(Construct scope, String id, ArtifactNames names, boolean retain) {
        super(scope, id);
        RemovalPolicy removal = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        Key imagesKey = Key.Builder.create(this, "ImagesKey").enableKeyRotation(true)
                .description("MangaAssist " + names.environment() + " container images").removalPolicy(removal).build();
        this.orchestrator = ImageRepository.create(this, "OrchestratorRepository", names.orchestratorRepository(), imagesKey, retain);
        this.gpuEndpoint = ImageRepository.create(this, "GpuEndpointRepository", names.gpuEndpointRepository(), imagesKey, retain);

        this.accessLogs = Bucket.Builder.create(this, "AccessLogs")
                .encryption(BucketEncryption.S3_MANAGED).enforceSsl(true).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(365)).build()))
                .removalPolicy(removal).autoDeleteObjects(!retain)
                .build();
        // Keys are content-addressed, so versions pile up only when a key is rewritten; a deployed
        // Lambda names its object version, so old versions stay long enough to roll back to.
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .bucketName(names.bucket())
                .versioned(true)
                .encryption(BucketEncryption.S3_MANAGED).enforceSsl(true).blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .serverAccessLogsBucket(accessLogs).serverAccessLogsPrefix("artifacts/")
                .lifecycleRules(List.of(LifecycleRule.builder().abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .noncurrentVersionTransitions(List.of(NoncurrentVersionTransition.builder()
                                .storageClass(StorageClass.INFREQUENT_ACCESS).transitionAfter(Duration.days(30)).build()))
                        .noncurrentVersionExpiration(Duration.days(365)).build()))
                .removalPolicy(removal).autoDeleteObjects(!retain)
                .build();

        this.signingProfile = SigningProfile.Builder.create(this, "OverflowSigningProfile")
                .platform(Platform.AWS_LAMBDA_SHA384_ECDSA).signingProfileName(names.signingProfile()).build();
        StringParameter.Builder.create(this, "SigningProfileVersionArn")
                .parameterName(names.signingProfileVersionArnParameter())
                .description("Version ARN of the Signer profile the overflow function's code is signed with (read by the platform stack at deploy)")
                .stringValue(signingProfile.getSigningProfileVersionArn())
                .build();
    }

    public Repository orchestrator() {
        return orchestrator;
    }

    public Repository gpuEndpoint() {
        return gpuEndpoint;
    }

    public Bucket bucket() {
        return bucket;
    }

    public Bucket accessLogs() {
        return accessLogs;
    }

    public SigningProfile signingProfile() {
        return signingProfile;
    }
}
