package com.mangaassist.release.artifacts;

import com.mangaassist.releasecontract.ReleaseManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The artifact bucket as a directory, for local releases and tests: {@code <root>/<bucket>/<key>}.
 * Keys are content-addressed and never rewritten, so an object has one version, named by its
 * content ({@code v} + the first 32 hex digits of its SHA-256): the layout and naming the local
 * Signer stand-in reads (local-aws {@code LocalBuckets}; {@code LocalArtifactStoreTest} holds the
 * two together). A local manifest never deploys: the CDK app requires the artifacts stack's bucket.
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
            return new ReleaseManifest.ObjectRef(bucket, key, sha256, versionOf(sha256));
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
    public ReleaseManifest.ObjectRef adopt(String key) {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " does not exist");
        }
        String sha256 = Sha256.of(file);
        return new ReleaseManifest.ObjectRef(bucket, key, sha256, versionOf(sha256));
    }

    /** The object's SHA-256 when it exists and, if a version is asked for, its content is that version. */
    @Override
    public Optional<String> sha256(String key, String versionId) {
        Path file = resolve(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String sha256 = Sha256.of(file);
        return versionId == null || versionId.equals(versionOf(sha256)) ? Optional.of(sha256) : Optional.empty();
    }

    /** A version named by content: {@code v} + the first 32 hex digits of the SHA-256. */
    public static String versionOf(String sha256) {
        return "v" + sha256.substring(0, 32);
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
