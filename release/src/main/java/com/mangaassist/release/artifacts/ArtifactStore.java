package com.mangaassist.release.artifacts;

import com.mangaassist.releasecontract.ReleaseManifest;
import java.nio.file.Path;
import java.util.Optional;

/** Where a release's files go: the artifacts stack's bucket in AWS, a directory locally. */
public interface ArtifactStore {

    /**
     * Stores {@code file} under {@code key} (content-addressed by the caller, so an existing object
     * under the key is the same bytes and is kept) and answers where it is, with its SHA-256 and,
     * where the store versions objects, its version.
     */
    ReleaseManifest.ObjectRef put(String key, Path file, String sha256);

    /**
     * Records an object another service wrote into the bucket (AWS Signer's signed zip): answers it
     * with its SHA-256 as the store vouches for it and the version that hash belongs to.
     */
    ReleaseManifest.ObjectRef adopt(String key);

    /** Stores evidence about an object (an attestation envelope) under {@code key}, replacing what was there. */
    void putEvidence(String key, byte[] content);

    /** An object's bytes (evidence is small); empty when there is none. */
    Optional<byte[]> read(String key);

    /**
     * The SHA-256 (hex) of the object under {@code key} as the store holds it now, at {@code versionId}
     * when the store versions objects and one is given (what a deploy pins); empty when there is none.
     */
    Optional<String> sha256(String key, String versionId);

    /** The bucket name objects are reported under. */
    String bucket();
}
