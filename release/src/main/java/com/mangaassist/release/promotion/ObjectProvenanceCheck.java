package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.evidence.ReleaseAttester;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.signing.Dsse;
import java.io.IOException;
import java.security.PublicKey;

/** SLSA provenance next to the object in the bucket, signed by the release key, says the trusted builder made these bytes from the release's commit. */
final class ObjectProvenanceCheck implements EvidenceCheck<ReleasedObject> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArtifactStore artifacts;
    private final PublicKey releaseKey;
    private final String builderId;

    ObjectProvenanceCheck(ArtifactStore artifacts, PublicKey releaseKey, String builderId) {
        this.artifacts = artifacts;
        this.releaseKey = releaseKey;
        this.builderId = builderId;
    }

    @Override
    public void check(ReleasedObject released, Refusals refusals) {
        ReleaseManifest.ObjectRef object = released.object();
        String evidenceKey = ReleaseAttester.blobEvidenceKey(object, released.manifest().release());
        byte[] payload = artifacts.read(evidenceKey).map(envelope -> Dsse.verifiedPayload(envelope, Dsse.IN_TOTO, releaseKey)).orElse(null);
        if (payload == null) {
            refusals.add("no provenance of " + object.s3Url() + " signed by the trusted key (" + evidenceKey + ")");
            return;
        }
        ProvenanceCheck.refuseProblems(tree(payload), object.sha256(), builderId, released.manifest().sourceCommit(), refusals);
    }

    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
