package com.mangaassist.release.docker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds a platform image from the repository (its Dockerfile assembles the jars {@code mvn
 * package} built; nothing is compiled in the image), tags it in a registry's repository and
 * pushes it, answering its digest there.
 */
public final class ImageBuilder {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration PUSH_TIMEOUT = Duration.ofMinutes(15);

    private final DockerCli docker;
    private final Path repositoryRoot;

    public ImageBuilder(DockerCli docker, Path repositoryRoot) {
        this.docker = docker;
        this.repositoryRoot = repositoryRoot;
    }

    /** Builds {@code image} as {@code <repository>:<tag>} on {@code bases}. */
    public BuiltImage build(PlatformImage image, ImageBases bases, String repository, String tag) {
        image.requirePackaged(repositoryRoot);
        String reference = repository + ":" + tag;
        long start = System.nanoTime();
        String imageId = docker.build(repositoryRoot, image.dockerfile(repositoryRoot), image.buildArgs(bases), reference, BUILD_TIMEOUT);
        return new BuiltImage(image, repository, tag, imageId, docker.imageSize(imageId), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Pushes a built image; answers its manifest digest in the registry. */
    public String push(BuiltImage image) {
        return docker.push(image.repository() + ":" + image.tag(), PUSH_TIMEOUT);
    }

    /**
     * An image built here.
     *
     * @param sizeBytes the uncompressed size the engine reports
     */
    public record BuiltImage(PlatformImage image, String repository, String tag, String imageId, long sizeBytes, Duration buildTime) {
        public String reference() {
            return repository + ":" + tag;
        }
    }
}
