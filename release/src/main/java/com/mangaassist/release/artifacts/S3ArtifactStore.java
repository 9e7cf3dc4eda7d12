package com.mangaassist.release.artifacts;

import com.mangaassist.shared.release.ReleaseManifest;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The artifacts stack's bucket. Every object is put with its SHA-256 as S3's own checksum, so S3
 * refuses a corrupted upload and the manifest's hash is the one S3 verified; a key that already
 * holds the same checksum is not uploaded again, and its version is reused.
 */
public final class S3ArtifactStore implements ArtifactStore {

    private final S3Client s3;
    private final String bucket;

    public S3ArtifactStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public ReleaseManifest.ObjectRef put(String key, Path file, String sha256) {
        String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
            if (checksum.equals(head.checksumSHA256())) {
                return new ReleaseManifest.ObjectRef(bucket, key, sha256, head.versionId());
            }
            throw new IllegalStateException("s3://" + bucket + "/" + key + " holds other bytes than " + sha256
                    + ": content-addressed keys must never be overwritten");
        } catch (NoSuchKeyException absent) {
            // upload below
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(checksum),
                RequestBody.fromFile(file));
        return new ReleaseManifest.ObjectRef(bucket, key, sha256, put.versionId());
    }

    @Override
    public void putEvidence(String key, byte[] content) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json").checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromBytes(content));
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        }
    }

    /**
     * S3's own SHA-256 checksum of the object at {@code versionId} (every object {@link #put} stores has
     * one, verified by S3 on upload); empty when absent. An object stored without a whole-object SHA-256
     * (none, or a multipart composite {@code <base64>-<parts>}) cannot be vouched for and is refused.
     */
    @Override
    public Optional<String> sha256(String key, String versionId) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId).checksumMode(ChecksumMode.ENABLED));
            String checksum = head.checksumSHA256();
            if (checksum == null || checksum.contains("-")) {
                throw new IllegalStateException("s3://" + bucket + "/" + key + (versionId == null ? "" : " version " + versionId)
                        + " has no whole-object SHA-256 checksum: upload it with release build, which stores one");
            }
            return Optional.of(HexFormat.of().formatHex(Base64.getDecoder().decode(checksum)));
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String bucket() {
        return bucket;
    }
}
