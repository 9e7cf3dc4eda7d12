package com.mangaassist.release.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.signer.LocalBuckets;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest {

    @TempDir
    Path root;

    @Test
    void put_whenStored_namesTheVersionTheSignerStandInReadsTheObjectAt() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(root, "bucket");
        Path file = Files.writeString(root.resolve("zip"), "zip bytes");

        ReleaseManifest.ObjectRef stored = store.put("lambda-overflow/x.zip", file, Sha256.of(file));

        assertThat(stored.versionId()).isEqualTo(LocalBuckets.versionOf(store.path("lambda-overflow/x.zip")));
        assertThat(new LocalBuckets(root).read("bucket", "lambda-overflow/x.zip", stored.versionId())).isPresent();
    }

    @Test
    void sha256_whenTheBytesUnderTheKeyChanged_findsNoObjectAtThePinnedVersion() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(root, "bucket");
        Path file = Files.writeString(root.resolve("zip"), "zip bytes");
        ReleaseManifest.ObjectRef stored = store.put("k.zip", file, Sha256.of(file));

        Files.writeString(store.path("k.zip"), "other bytes");

        assertThat(store.sha256("k.zip", stored.versionId())).isEmpty();
        assertThat(store.adopt("k.zip").versionId()).isNotEqualTo(stored.versionId());
    }
}
