package com.mangaassist.release.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.process.NodePackages;
import com.mangaassist.release.evidence.ReleaseAttester;
import com.mangaassist.release.evidence.TestResults;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.SignedReleaseManifest;
import com.mangaassist.releasecontract.signing.Dsse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our signatures verify with the Sigstore project's own library, and fail with another key. */
class SigstoreInteropTest extends SupplyChainFixture {

    @Test
    void signatures_verifyWithTheSigstoreProjectsOwnLibraryAndFailWithAnotherKey() throws Exception {
        Path script = NodePackages.installed(SupplyChainFixture.class, "sigstore", List.of("verify-with-sigstore.mjs"), "@sigstore/core");
        java.security.KeyPair pair = PemKeys.generate();
        PemKeys.write(pair, dir.resolve("trusted"));
        PemKeys.write(PemKeys.generate(), dir.resolve("other"));
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, new PemKeySigner(pair), BUILDER);
        ReleaseManifest.ImageRef image = release.images().orchestrator();

        String trusted = node(script, image, dir.resolve("trusted.pub"));
        String other = node(script, image, dir.resolve("other.pub"));

        assertThat(trusted).contains("\"signature\":true", "\"attestations\":3", Provenance.PREDICATE_TYPE, SbomStatement.PREDICATE_TYPE,
                TestResults.PREDICATE_TYPE, "\"ok\":true");
        assertThat(other).contains("\"signature\":false", "\"attestations\":0", "\"ok\":false");

        // The blob provenance next to the Lambda zip (cosign attest-blob's form) and a signed release manifest, by the same library.
        Path envelopeScript = NodePackages.installed(SupplyChainFixture.class, "sigstore", List.of("verify-with-sigstore.mjs", "verify-envelope.mjs"),
                "@sigstore/core");
        ReleaseManifest.ObjectRef lambda = release.artifacts().lambda();
        Path blobEvidence = artifacts.path(ReleaseAttester.blobEvidenceKey(lambda, release.release()));
        Path signedManifest = Files.write(dir.resolve("signed.json"), SignedReleaseManifest.sign(release, new PemKeySigner(pair)::sign));
        assertThat(envelope(envelopeScript, blobEvidence, dir.resolve("trusted.pub"), Dsse.IN_TOTO)).contains("\"ok\":true", lambda.sha256());
        assertThat(envelope(envelopeScript, signedManifest, dir.resolve("trusted.pub"), SignedReleaseManifest.PAYLOAD_TYPE)).contains("\"ok\":true");
        assertThat(envelope(envelopeScript, signedManifest, dir.resolve("other.pub"), SignedReleaseManifest.PAYLOAD_TYPE)).contains("\"ok\":false");
    }

    private static String envelope(Path script, Path file, Path key, String payloadType) throws Exception {
        Process node = new ProcessBuilder("node", "verify-envelope.mjs", file.toString(), key.toString(), payloadType)
                .directory(script.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static String node(Path script, ReleaseManifest.ImageRef image, Path key) throws Exception {
        Process node = new ProcessBuilder("node", "verify-with-sigstore.mjs", image.registry(), image.name(), image.digest(), key.toString())
                .directory(script.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
