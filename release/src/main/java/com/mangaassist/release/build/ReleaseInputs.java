package com.mangaassist.release.build;

import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.docker.ImageBases;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What one release is built from and where it goes.
 *
 * @param account        the AWS account of the registry and bucket, or {@code local}
 * @param registryHost   ECR ({@code <account>.dkr.ecr.<region>.amazonaws.com}) or the local registry
 * @param modelDir       the model directory the tarball is packed from (weights, tokenizer, {@code adapters/})
 * @param repositoryRoot the checkout, with its modules packaged
 * @param allowDirty     build from a working tree with uncommitted changes (local experiments only)
 * @param largeModelDir  the large tier's model directory, laid out as {@code modelDir}; {@code null} for a release
 *                       without a large tier (it deploys only with {@code -c largeTier=off})
 */
public record ReleaseInputs(String environment, String account, String region, String registryHost, ImageBases bases, ArtifactStore store,
                            Path modelDir, Path repositoryRoot, Path workDir, boolean allowDirty, Path largeModelDir) {

    /** A release with the small tier's model only. */
    public ReleaseInputs(String environment, String account, String region, String registryHost, ImageBases bases, ArtifactStore store,
                         Path modelDir, Path repositoryRoot, Path workDir, boolean allowDirty) {
        this(environment, account, region, registryHost, bases, store, modelDir, repositoryRoot, workDir, allowDirty, null);
    }

    public ReleaseInputs {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(registryHost, "registryHost");
        Objects.requireNonNull(bases, "bases");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(repositoryRoot, "repositoryRoot");
        Objects.requireNonNull(workDir, "workDir");
    }
}
