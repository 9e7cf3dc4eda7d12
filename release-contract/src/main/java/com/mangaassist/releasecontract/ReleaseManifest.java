package com.mangaassist.releasecontract;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One release of the platform, as the release tool writes it and {@code cdk deploy -c release=…}
 * deploys it: every artifact by content (image digests, object keys with their SHA-256 and S3
 * version), never by a moving name, and bound to one environment, account and region. Decoded
 * strictly by {@link ReleaseManifestCodec}.
 *
 * @param release      the release's id ({@code <UTC time>-<short commit>})
 * @param environment  the deployment it is built for ({@code dev}, {@code prod}, …)
 * @param sourceCommit the git commit built (40 hex)
 * @param account      the AWS account its registry and bucket belong to (12 digits), or {@code local}
 */
public record ReleaseManifest(String release, String environment, String sourceCommit, Instant createdAt, String account, String region,
                              Images images, Artifacts artifacts) {

    /** 2: the Lambda zip is the object Signer produced, and {@code artifacts.lambdaSigning} records the signing job (ADR 0025). */
    public static final int SCHEMA_VERSION = 2;
    static final Pattern RELEASE_ID = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{7,40}");
    static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9-]{0,15}");
    static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}|local");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");
    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final Pattern SIGNING_JOB = Pattern.compile("[A-Za-z0-9-]{1,64}");
    static final Pattern SIGNING_PROFILE = Pattern.compile("[A-Za-z0-9_]{2,64}");

    public ReleaseManifest {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(sourceCommit, "sourceCommit");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(artifacts, "artifacts");
    }

    /** The platform's two images. */
    public record Images(ImageRef orchestrator, ImageRef gpuEndpoint) {
        public Images {
            Objects.requireNonNull(orchestrator, "orchestrator");
            Objects.requireNonNull(gpuEndpoint, "gpuEndpoint");
        }
    }

    /**
     * The objects in the artifact bucket: the overflow function's zip and the model tarballs.
     *
     * @param lambda        the zip as AWS Signer wrote it (what the function deploys: Lambda refuses code its signing profile did not sign)
     * @param model         the small tier's model tarball
     * @param lambdaSigning the signing job that turned the built zip into {@code lambda}
     * @param largeModel    the large tier's model tarball; {@code null} for a release without one, which deploys only where
     *                      the large tier is left out (ADR 0039). Optional in the schema, so a release without it keeps its bytes
     *                      and signature; a reader that predates it refuses a manifest carrying it, as it should.
     */
    public record Artifacts(ObjectRef lambda, ObjectRef model, CodeSigning lambdaSigning, ObjectRef largeModel) {
        public Artifacts {
            Objects.requireNonNull(lambda, "lambda");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(lambdaSigning, "lambdaSigning");
        }

        /** A release with the small tier's model only. */
        public Artifacts(ObjectRef lambda, ObjectRef model, CodeSigning lambdaSigning) {
            this(lambda, model, lambdaSigning, null);
        }

        /** Every object the release deploys and attests: the zip, then the models. */
        public java.util.List<ObjectRef> objects() {
            return largeModel == null ? java.util.List.of(lambda, model) : java.util.List.of(lambda, model, largeModel);
        }
    }

    /**
     * An AWS Signer signing job: which profile signed which object. The promotion gate reads the job
     * back from Signer and requires that it succeeded, with this profile, on exactly {@code source},
     * and wrote the object the manifest deploys.
     *
     * @param jobId       Signer's job id
     * @param profileName the signing profile (the artifacts stack's, which the function's code signing config trusts)
     * @param source      the zip as {@code release build} uploaded it (what provenance and the tests built), by version
     */
    public record CodeSigning(String jobId, String profileName, ObjectRef source) {
        public CodeSigning {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(profileName, "profileName");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * An image in a registry by digest.
     *
     * @param repository the registry host and repository ({@code <account>.dkr.ecr.<region>.amazonaws.com/<name>})
     */
    public record ImageRef(String repository, String digest) {
        public ImageRef {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(digest, "digest");
        }

        /** What a pull or a task definition names: {@code repository@sha256:…}. */
        public String reference() {
            return repository + "@" + digest;
        }

        /** The registry host (before the first slash). */
        public String registry() {
            return repository.substring(0, repository.indexOf('/'));
        }

        /** The repository name within its registry. */
        public String name() {
            return repository.substring(repository.indexOf('/') + 1);
        }
    }

    /**
     * An object in the artifact bucket.
     *
     * @param sha256    hex SHA-256 of the object's bytes
     * @param versionId the bucket's version of the object; {@code null} where the store has no versions (a local directory)
     */
    public record ObjectRef(String bucket, String key, String sha256, String versionId) {
        public ObjectRef {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(sha256, "sha256");
        }

        public String s3Url() {
            return "s3://" + bucket + "/" + key;
        }
    }
}
