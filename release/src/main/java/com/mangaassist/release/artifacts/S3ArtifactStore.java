package com.mangaassist.release.artifacts;

import com.mangaassist.releasecontract.ReleaseManifest;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
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

    /**
     * Signer writes its signed zip without a checksum. The key must hold exactly one version (Signer's:
     * anything else written there since would be pinned as "what Signer wrote"); that version is
     * copied onto itself with {@code ChecksumAlgorithm=SHA256}, on condition of its ETag, so S3
     * computes and keeps a whole-object SHA-256 of the same bytes, and the manifest pins the copy.
     * Adopting again finds the checksum already there and copies nothing.
     */
    @Override
    public ReleaseManifest.ObjectRef adopt(String key) {
        List<ObjectVersion> versions = s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions().stream()
                .filter(v -> v.key().equals(key)).toList();
        if (versions.size() == 2 && versions.stream().anyMatch(v -> !v.isLatest())) {
            HeadObjectResponse latest = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
            String checksum = latest.checksumSHA256();
            boolean sameBytes = versions.stream().map(ObjectVersion::eTag).distinct().count() == 1;
            if (checksum != null && !checksum.contains("-") && sameBytes) {
                return new ReleaseManifest.ObjectRef(bucket, key, HexFormat.of().formatHex(Base64.getDecoder().decode(checksum)), latest.versionId());
            }
        }
        if (versions.size() != 1) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " holds " + versions.size() + " versions: only the one Signer wrote may be "
                    + "adopted");
        }
        ObjectVersion signed = versions.get(0);
        CopyObjectResponse copy = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).sourceVersionId(signed.versionId())
                .copySourceIfMatch(signed.eTag()).destinationBucket(bucket).destinationKey(key)
                .metadataDirective(MetadataDirective.COPY).checksumAlgorithm(ChecksumAlgorithm.SHA256));
        String checksum = copy.copyObjectResult().checksumSHA256();
        if (checksum == null || checksum.contains("-")) {
            throw new IllegalStateException("S3 gave s3://" + bucket + "/" + key + " no whole-object SHA-256 when copied in place");
        }
        return new ReleaseManifest.ObjectRef(bucket, key, HexFormat.of().formatHex(Base64.getDecoder().decode(checksum)), copy.versionId());
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
