package com.mangaassist.release.promotion;

import static com.mangaassist.release.promotion.CheckFixtures.BUCKET;
import static com.mangaassist.release.promotion.CheckFixtures.BUILDER;
import static com.mangaassist.release.promotion.CheckFixtures.CLOCK;
import static com.mangaassist.release.promotion.CheckFixtures.COMMIT;
import static com.mangaassist.release.promotion.CheckFixtures.RELEASE;
import static com.mangaassist.release.promotion.CheckFixtures.manifest;
import static com.mangaassist.release.promotion.CheckFixtures.parameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.release.artifacts.LocalArtifactStore;
import com.mangaassist.release.artifacts.Sha256;
import com.mangaassist.release.evidence.ReleaseAttester;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.signing.Dsse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks on an object in the bucket, each on its own, over a local directory standing in for the bucket. */
class ObjectChecksTest {

    @TempDir
    Path dir;
    LocalArtifactStore artifacts;
    ReleaseManifest.ObjectRef model;
    final PemKeySigner releaseKey = new PemKeySigner(PemKeys.generate());

    @BeforeEach
    void bucket() throws Exception {
        artifacts = new LocalArtifactStore(dir, BUCKET);
        Path file = Files.writeString(dir.resolve("model.tar.gz"), "model bytes");
        String sha256 = Sha256.of(file);
        model = artifacts.put("models/test/" + sha256 + ".tar.gz", file, sha256);
    }

    private List<String> refusals(EvidenceCheck<ReleasedObject> check, ReleaseManifest.ObjectRef object) {
        Verdict verdict = new Verdict(CLOCK);
        check.check(new ReleasedObject(object, manifest(object, object), "dev"), verdict.about("model"));
        return verdict.decision().refusals();
    }

    @Nested
    class StoredObject {

        @Test
        void check_whenTheStoredBytesAreTheReleasedOnes_refusesNothing() {
            assertThat(refusals(new StoredObjectCheck(artifacts), model)).isEmpty();
        }

        @Test
        void check_whenTheBytesChanged_namesBothHashes() throws Exception {
            Files.writeString(artifacts.path(model.key()), "other bytes");
            String stored = Sha256.of(artifacts.path(model.key()));
            ReleaseManifest.ObjectRef unversioned = new ReleaseManifest.ObjectRef(BUCKET, model.key(), model.sha256(), null);

            assertThat(refusals(new StoredObjectCheck(artifacts), unversioned)).containsExactly("model: " + model.s3Url() + " now holds sha256 " + stored
                    + ", not the released " + model.sha256());
        }

        @Test
        void check_whenTheObjectOrItsVersionIsGone_stopsTheObjectsChecks() throws Exception {
            Files.writeString(artifacts.path(model.key()), "other bytes"); // the local bucket names versions by content: this version is gone
            ReleaseManifest.ObjectRef missing = new ReleaseManifest.ObjectRef(BUCKET, "models/none.tar.gz", model.sha256(), null);

            assertThatThrownBy(() -> refusals(new StoredObjectCheck(artifacts), model)).isInstanceOf(EvidenceCheck.Stop.class)
                    .hasMessage(model.s3Url() + " version " + model.versionId() + " is not in the artifact store");
            assertThatThrownBy(() -> refusals(new StoredObjectCheck(artifacts), missing)).isInstanceOf(EvidenceCheck.Stop.class)
                    .hasMessage(missing.s3Url() + " is not in the artifact store");
        }
    }

    @Nested
    class ProvenanceOfTheObject {

        private String evidenceKey() {
            return ReleaseAttester.blobEvidenceKey(model, RELEASE);
        }

        private void attest(PemKeySigner by, String builder) {
            byte[] statement = Provenance.statement(model.s3Url(), model.sha256(), builder, COMMIT, parameters());
            artifacts.putEvidence(evidenceKey(), Dsse.envelope(Dsse.IN_TOTO, statement, by::sign));
        }

        @Test
        void check_whenTheReleaseKeySignedTheTrustedBuildersProvenance_refusesNothing() {
            attest(releaseKey, BUILDER);

            assertThat(refusals(new ObjectProvenanceCheck(artifacts, releaseKey.publicKey(), BUILDER), model)).isEmpty();
        }

        @Test
        void check_whenThereIsNoneOrAnotherKeySignedIt_saysWhereItLooked() {
            String refusal = "model: no provenance of " + model.s3Url() + " signed by the trusted key (" + evidenceKey() + ")";

            assertThat(refusals(new ObjectProvenanceCheck(artifacts, releaseKey.publicKey(), BUILDER), model)).containsExactly(refusal);
            attest(new PemKeySigner(PemKeys.generate()), BUILDER);
            assertThat(refusals(new ObjectProvenanceCheck(artifacts, releaseKey.publicKey(), BUILDER), model)).containsExactly(refusal);
        }

        @Test
        void check_whenAnotherBuilderMadeIt_saysSo() {
            attest(releaseKey, "https://ci.example.com/runner");

            assertThat(refusals(new ObjectProvenanceCheck(artifacts, releaseKey.publicKey(), BUILDER), model))
                    .containsExactly("model: provenance built by https://ci.example.com/runner, not the trusted builder " + BUILDER);
        }
    }
}
