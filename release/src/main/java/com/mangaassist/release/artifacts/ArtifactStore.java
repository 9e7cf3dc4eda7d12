package com.mangaassist.release.artifacts;

import com.mangaassist.shared.release.ReleaseManifest;
import java.nio.file.Path;

/** Where a release's files go: the artifacts stack's bucket in AWS, a directory locally. */
public interface ArtifactStore {

    /**
     * Stores {@code file} under {@code key} (content-addressed by the caller, so an existing object
     * under the key is the same bytes and is kept) and answers where it is, with its SHA-256 and,
     * where the store versions objects, its version.
     */
    ReleaseManifest.ObjectRef put(String key, Path file, String sha256);

    /** The bucket name objects are reported under. */
    String bucket();
}
