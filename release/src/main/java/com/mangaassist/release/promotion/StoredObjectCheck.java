package com.mangaassist.release.promotion;

import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.util.Optional;

/** The bucket still holds the released object (at its version) and its bytes hash to the released SHA-256. An object not there ends its checks. */
final class StoredObjectCheck implements EvidenceCheck<ReleasedObject> {

    private final ArtifactStore artifacts;

    StoredObjectCheck(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    @Override
    public void check(ReleasedObject released, Refusals refusals) {
        ReleaseManifest.ObjectRef object = released.object();
        Optional<String> stored = artifacts.sha256(object.key(), object.versionId());
        if (stored.isEmpty()) {
            throw new Stop(object.s3Url() + (object.versionId() == null ? "" : " version " + object.versionId()) + " is not in the artifact store");
        }
        if (!stored.get().equals(object.sha256())) {
            refusals.add(object.s3Url() + " now holds sha256 " + stored.get() + ", not the released " + object.sha256());
        }
    }
}
