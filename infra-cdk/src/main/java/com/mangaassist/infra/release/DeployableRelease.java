package com.mangaassist.infra.release;

import com.mangaassist.infra.artifacts.ArtifactNames;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.ReleaseManifest.ImageRef;
import com.mangaassist.releasecontract.ReleaseManifest.ObjectRef;
import java.util.Objects;

/**
 * A release manifest checked against the stack that deploys it: built for this environment,
 * account and region, its images in this account's artifact repositories and its objects in this
 * environment's artifact bucket. Only a value of this type reaches the constructs, so a manifest
 * of another environment, or one pointing at a local registry, never becomes a template.
 *
 * @param lambda the overflow function's zip; its S3 version is always present (the function pins it)
 * @param model  the model tarball; its key carries its SHA-256, because SageMaker reads a model by URL, not by version
 * @param largeModel the large tier's tarball, content-addressed likewise; {@code null} for a release without one
 */
public record DeployableRelease(String release, ImageRef orchestratorImage, ImageRef gpuEndpointImage, ObjectRef lambda, ObjectRef model,
                                ObjectRef largeModel) {

    public DeployableRelease {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(orchestratorImage, "orchestratorImage");
        Objects.requireNonNull(gpuEndpointImage, "gpuEndpointImage");
        Objects.requireNonNull(lambda, "lambda");
        Objects.requireNonNull(model, "model");
    }

    /**
     * @param source      how to name the manifest in a refusal (its path)
     * @param environment the {@code -c env} being deployed
     * @param target      the artifact names of the stack's own account and region
     */
    public static DeployableRelease verify(ReleaseManifest manifest, String source, String environment, ArtifactNames target) {
        if (!manifest.environment().equals(environment)) {
            throw new InvalidReleaseException("Release manifest " + source + " was built for environment '" + manifest.environment()
                    + "', not '" + environment + "' (-c env=" + environment + "): deploy a release built for " + environment + ".");
        }
        if (!manifest.account().equals(target.account()) || !manifest.region().equals(target.region())) {
            throw new InvalidReleaseException("Release manifest " + source + " is for account " + manifest.account() + " in "
                    + manifest.region() + ", but the stack deploys to account " + target.account() + " in " + target.region()
                    + ": a release never crosses accounts or regions.");
        }
        image(source, "orchestrator", manifest.images().orchestrator(), target.registry() + "/" + target.orchestratorRepository());
        image(source, "gpuEndpoint", manifest.images().gpuEndpoint(), target.registry() + "/" + target.gpuEndpointRepository());
        object(source, "lambda", manifest.artifacts().lambda(), target.bucket());
        object(source, "model", manifest.artifacts().model(), target.bucket());
        if (manifest.artifacts().lambda().versionId() == null) {
            throw new InvalidReleaseException("Release manifest " + source + " names the lambda artifact without a versionId: "
                    + "a release deployed to AWS pins the S3 object version of the function's code.");
        }
        ObjectRef model = manifest.artifacts().model();
        contentAddressed(source, "model", model);
        ObjectRef largeModel = manifest.artifacts().largeModel();
        if (largeModel != null) {
            object(source, "largeModel", largeModel, target.bucket());
            contentAddressed(source, "largeModel", largeModel);
        }
        return new DeployableRelease(manifest.release(), manifest.images().orchestrator(), manifest.images().gpuEndpoint(),
                manifest.artifacts().lambda(), model, largeModel);
    }

    /** The large tier's tarball; refuses a release without one, since the stack is asked to deploy that tier. */
    public ObjectRef requireLargeModel(String source) {
        if (largeModel == null) {
            throw new InvalidReleaseException("Release " + release + " (" + source + ") carries no large model, but this stack deploys the "
                    + "large tier: build the release with --large-model-dir, or deploy with -c largeTier=off (ADR 0039).");
        }
        return largeModel;
    }

    private static void contentAddressed(String source, String name, ObjectRef object) {
        if (!object.key().contains(object.sha256())) {
            throw new InvalidReleaseException("Release manifest " + source + " names the " + name + " artifact under key " + object.key()
                    + ", which does not carry its sha256: SageMaker reads the model by URL, so only a content-addressed key pins it.");
        }
    }

    private static void image(String source, String name, ImageRef image, String expected) {
        if (!image.repository().equals(expected)) {
            throw new InvalidReleaseException("Release manifest " + source + " names the " + name + " image in " + image.repository()
                    + ", not in the artifacts stack's ECR repository " + expected + ": push the release to that repository.");
        }
    }

    private static void object(String source, String name, ObjectRef object, String expectedBucket) {
        if (!object.bucket().equals(expectedBucket)) {
            throw new InvalidReleaseException("Release manifest " + source + " keeps the " + name + " artifact in bucket " + object.bucket()
                    + ", not in the artifacts stack's bucket " + expectedBucket + ": upload the release there.");
        }
    }
}
