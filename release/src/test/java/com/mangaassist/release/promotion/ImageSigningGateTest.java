package com.mangaassist.release.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.localaws.ecr.EcrRegistryStandIn;
import com.mangaassist.localaws.ecr.TagMutability;
import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.SignatureTags;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The gate on the images: signed by the release key, attested, the tag still naming the pushed content, and the registry refusing what ECR refuses (tags immutable except cosign's). */
class ImageSigningGateTest extends SupplyChainFixture {

    @Test
    void refusals_whenEveryImageIsSignedAndAttested_isEmpty() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);

        assertThat(gate(signer).refusals(release)).isEmpty();
        ReleaseManifest.ImageRef image = release.images().orchestrator();
        assertThat(store.verifiedStatements(image.name(), image.digest(), SbomStatement.PREDICATE_TYPE, signer.publicKey()))
                .as("the SBOM lists the OS packages read from the image's own layers").singleElement()
                .satisfies(sbom -> assertThat(sbom.path("predicate").toString()).contains("pkg:deb/debian/libc6@2.36-9%2Bdeb12u9?arch=amd64&distro=debian-12",
                        "\"type\":\"container\"", image.digest()));
    }

    @Test
    void refusals_whenAnImageIsUnsigned_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);

        assertThat(gate(signer).refusals(release)).contains("orchestrator: " + release.images().orchestrator().digest() + " is not signed")
                .anySatisfy(r -> assertThat(r).contains("no provenance attestation"));
    }

    @Test
    void refusals_whenSignedByAnotherKey_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, new PemKeySigner(PemKeys.generate()), BUILDER);

        assertThat(gate(signer).refusals(release)).anySatisfy(r -> assertThat(r).contains("signed, but not by the trusted key"))
                .anySatisfy(r -> assertThat(r).contains("no provenance attestation signed by the trusted key"));
    }

    @Test
    void refusals_whenTheTagWasRePushedWithOtherContent_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        pushImage(behindEcr, release.images().orchestrator().name(), release.release(), "other content"); // deleted, then pushed anew

        assertThat(gate(signer).refusals(release)).anySatisfy(r -> assertThat(r).contains("orchestrator: tag", "re-pushed with other content"));
    }

    @Test
    void pushManifest_whenTheReleaseTagExists_isRefusedByTheRegistryAsEcrRefusesIt() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);

        assertThatThrownBy(() -> pushImage(registry, release.images().orchestrator().name(), release.release(), "other content"))
                .isInstanceOf(OciRegistry.RegistryException.class).hasMessageContaining("TAG_INVALID");
    }

    @Test
    void sign_whenRepositoriesAreImmutableExceptSignatureTags_writesEachTagOncePerRunAndAcceptsALaterScan() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        int before = ecr.manifestWrites().size();

        signAndAttest(release, signer, BUILDER);
        List<EcrRegistryStandIn.ManifestWrite> writes = List.copyOf(ecr.manifestWrites().subList(before, ecr.manifestWrites().size()));
        ReleaseManifest.ImageRef orchestrator = release.images().orchestrator();
        store.attest(orchestrator.name(), orchestrator.digest(), ScanReport.PREDICATE_TYPE,
                trivy(orchestrator, "CVE-2025-0002", "LOW").statement(orchestrator.repository(), orchestrator.digest()), signer);

        assertThat(writes).as("one write of each image's .sig and .att tag").hasSize(4).allMatch(EcrRegistryStandIn.ManifestWrite::stored)
                .extracting(EcrRegistryStandIn.ManifestWrite::tag).containsExactlyInAnyOrder(
                        SignatureTags.tagFor(orchestrator.digest(), "sig"), SignatureTags.tagFor(orchestrator.digest(), "att"),
                        SignatureTags.tagFor(release.images().gpuEndpoint().digest(), "sig"),
                        SignatureTags.tagFor(release.images().gpuEndpoint().digest(), "att"));
        List<EcrRegistryStandIn.ManifestWrite> later = ecr.manifestWrites().subList(before + writes.size(), ecr.manifestWrites().size());
        assertThat(later).as("a scan attached a week later still lands: one more write of the orchestrator's .att tag")
                .singleElement().satisfies(w -> {
                    assertThat(w.tag()).isEqualTo(SignatureTags.tagFor(orchestrator.digest(), "att"));
                    assertThat(w.stored()).isTrue();
                });
        assertThat(gate(signer).refusals(release)).isEmpty();
    }

    @Test
    void sign_whenTheRepositoryKeepsEveryTagImmutable_refusesTheSecondAttestationWrite() {
        prefix = "immutable" + UUID.randomUUID().toString().substring(0, 8);
        for (String image : List.of("/orchestrator", "/gpu-endpoint")) {
            ecr.createRepository(prefix + image, TagMutability.immutable());
        }
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        ReleaseManifest.ImageRef orchestrator = release.images().orchestrator();

        assertThatThrownBy(() -> store.attest(orchestrator.name(), orchestrator.digest(), ScanReport.PREDICATE_TYPE,
                trivy(orchestrator, "CVE-2025-0002", "LOW").statement(orchestrator.repository(), orchestrator.digest()), signer))
                .as("why the repositories exclude cosign's tags from immutability (ADR 0025)").hasMessageContaining("TAG_INVALID");
    }
}
