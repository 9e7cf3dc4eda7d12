package com.mangaassist.infra;

import com.mangaassist.infra.artifacts.ArtifactNames;
import com.mangaassist.infra.artifacts.ArtifactStore;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * {@code MangaAssist-<env>-artifacts}: where a release is put before anything runs it (the image
 * repositories, the artifact bucket, the Signer profile). Deployed once per environment, before
 * the first {@code release build}; it changes by review, not with every release, and synthesizes
 * without a release (ADR 0016). Its outputs are for people and the release tool; nothing is
 * exported, because the platform stack derives the same names ({@link ArtifactNames}).
 */
public final class ArtifactsStack extends Stack {

    private final ArtifactNames names;
    private final ArtifactStore store;

    /**
     * Without this CDK feature flag the Signer profile's name never reaches CloudFormation and the
     * profile gets a generated one; set on the stack, it holds for cdk.json and test apps alike.
     */
    static final String SIGNER_PROFILE_NAME_FLAG = "@aws-cdk/aws-signer:signingProfileNamePassedToCfn";

    public ArtifactsStack(Construct scope, String id, StackProps props, String environment, boolean retain) {
        super(scope, id, props);
        getNode().setContext(SIGNER_PROFILE_NAME_FLAG, true);
        this.names = new ArtifactNames(environment, getAccount(), getRegion());
        this.store = new ArtifactStore(this, "Store", names, retain);

        CfnOutput.Builder.create(this, "OrchestratorRepositoryUri").value(store.orchestrator().getRepositoryUri())
                .description("release build --registry: push the orchestrator image here").build();
        CfnOutput.Builder.create(this, "GpuEndpointRepositoryUri").value(store.gpuEndpoint().getRepositoryUri()).build();
        CfnOutput.Builder.create(this, "ArtifactBucket").value(store.bucket().getBucketName())
                .description("release build --bucket: the Lambda zip and the model tarball go here").build();
        CfnOutput.Builder.create(this, "SigningProfileName").value(store.signingProfile().getSigningProfileName())
                .description("release build signs the overflow function's zip with it (a Signer job per release)").build();
        CfnOutput.Builder.create(this, "SigningProfileArn").value(store.signingProfile().getSigningProfileArn())
                .description("Lambda refuses overflow function code this profile did not sign").build();
        CfnOutput.Builder.create(this, "SigningProfileVersionArn").value(store.signingProfile().getSigningProfileVersionArn()).build();

        NagSuppressionsForArtifacts.apply(this);
    }

    public ArtifactNames names() {
        return names;
    }

    public ArtifactStore store() {
        return store;
    }
}
