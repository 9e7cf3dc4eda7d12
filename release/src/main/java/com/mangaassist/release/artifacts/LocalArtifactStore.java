package com.mangaassist.release.artifacts;

import com.mangaassist.shared.release.ReleaseManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The artifact bucket as a directory, for local releases and tests: {@code <root>/<bucket>/<key>}.
 * It keeps no versions, so its objects carry none; a local manifest therefore never deploys (the
 * CDK app requires the artifacts stack's bucket), which is right.
 */
public final class LocalArtifactStore implements ArtifactStore {

    private final Path root;
    private final String bucket;

    public LocalArtifactStore(Path root, String bucket) {
        this.root = root.toAbsolutePath().normalize();
        this.bucket = bucket;
    }

    @Override
    public ReleaseManifest.ObjectRef put(String key, Path file, String sha256) {
        try {
            Path target = resolve(key);
            Files.createDirectories(target.getParent());
            if (!Files.exists(target)) {
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
            return new ReleaseManifest.ObjectRef(bucket, key, sha256, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void putEvidence(String key, byte[] content) {
        try {
            Path target = resolve(key);
            Files.createDirectories(target.getParent());
            Files.write(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<byte[]> read(String key) {
        Path file = resolve(key);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<String> sha256(String key, String versionId) {
        Path file = resolve(key);
        return Files.isRegularFile(file) ? Optional.of(Sha256.of(file)) : Optional.empty();
    }

    private Path resolve(String key) {
        Path target = root.resolve(bucket).resolve(key).normalize();
        if (!target.startsWith(root.resolve(bucket).normalize())) {
            throw new IllegalArgumentException("key escapes the bucket: " + key);
        }
        return target;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    /** The stored copy of an object (tests and the promotion checks read it back). */
    public Path path(String key) {
        return resolve(key);
    }
}
