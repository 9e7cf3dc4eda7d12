package com.mangaassist.release.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.localaws.signer.LocalSigner;
import com.mangaassist.release.codesigning.LambdaCodeSigner;
import com.mangaassist.release.evidence.ReleaseAttester;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.SigningProfiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The gate on the Lambda zip: signed by AWS Signer (the stand-in) with the environment's profile, not revoked, the deployed object the signed one. */
class LambdaCodeSigningGateTest extends SupplyChainFixture {

    @Test
    void refusals_whenTheDeployedZipIsTheBuiltOneSignerNeverWrote_saysSo() {
        ReleaseManifest signed = pushRelease("20261202T120000Z-0123456", COMMIT);
        ReleaseManifest unsigned = withLambda(signed, signed.artifacts().lambdaSigning().source(), signed.artifacts().lambdaSigning());
        signAndAttest(unsigned, signer, BUILDER);

        assertThat(gate(signer).refusals(unsigned)).singleElement().asString().startsWith("lambda: the deployed "
                + unsigned.artifacts().lambda().s3Url() + " is not what signing job " + signed.artifacts().lambdaSigning().jobId() + " wrote");
    }

    @Test
    void refusals_whenTheSigningJobIsUnknownOrOfAnotherEnvironmentsProfile_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        ReleaseManifest.CodeSigning signing = release.artifacts().lambdaSigning();
        ReleaseManifest unknownJob = withLambda(release, release.artifacts().lambda(),
                new ReleaseManifest.CodeSigning(UUID.randomUUID().toString(), signing.profileName(), signing.source()));
        LambdaCodeSigner.Signed byProd = codeSigner().sign(signing.source(), SigningProfiles.overflowFunction("prod"), release.release());
        ReleaseManifest prodSigned = withLambda(release, byProd.object(), byProd.signing());
        signAndAttest(unknownJob, signer, BUILDER);
        signAndAttest(prodSigned, signer, BUILDER);

        assertThat(gate(signer).refusals(unknownJob)).singleElement().asString().startsWith("lambda: Signer knows no signing job");
        assertThat(gate(signer).refusals(prodSigned)).containsExactly("lambda: signed with profile MangaAssist_prod_overflow, not the environment's "
                + "MangaAssist_dev_overflow");
    }

    @Test
    void refusals_whenTheProfileWasRevokedOrRecreatedAfterSigning_saysLambdaWouldRefuseTheCode() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        String profile = SigningProfiles.overflowFunction("dev");

        signerService.revokeSigningProfile(profile, "signing key rotated after an incident");
        List<String> revoked = gate(signer).refusals(release);
        signerService.putSigningProfile(profile, LocalSigner.LAMBDA_PLATFORM); // recreated: a new version, which the config trusts now
        List<String> recreated = gate(signer).refusals(release);

        assertThat(revoked).singleElement().asString().startsWith("lambda: profile " + profile + " is Revoked");
        assertThat(recreated).singleElement().asString().contains("used profile version").contains("not the current");
    }

    @Test
    void refusals_whenTheSigningJobFailed_saysSoAndBuildingRefusesFirst() throws Exception {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        ReleaseManifest.ObjectRef notAZip = object("lambda-overflow", "not a zip".getBytes(StandardCharsets.UTF_8), ".zip");
        String failedJob = signingJobs.start(notAZip, SigningProfiles.overflowFunction("dev"), LambdaCodeSigner.SIGNED_PREFIX, "failing");
        for (int i = 0; i < 200 && !signingJobs.describe(failedJob).orElseThrow().finished(); i++) {
            Thread.sleep(50);
        }
        ReleaseManifest failed = withLambda(release, release.artifacts().lambda(),
                new ReleaseManifest.CodeSigning(failedJob, SigningProfiles.overflowFunction("dev"), notAZip));
        signAndAttest(failed, signer, BUILDER);

        assertThat(gate(signer).refusals(failed)).anySatisfy(r -> assertThat(r).startsWith("lambda: signing job " + failedJob + " is Failed"));
        assertThatThrownBy(() -> codeSigner().sign(notAZip, SigningProfiles.overflowFunction("dev"), "20261202T130000Z-0123456"))
                .hasMessageContaining("did not sign").hasMessageContaining("not a zip");
    }

    @Test
    void refusals_whenTheSignatureWasRevokedOrTheBuiltZipReplaced_saysSo() throws Exception {
        ReleaseManifest revoked = pushRelease("20261202T120000Z-0123456", COMMIT);
        ReleaseManifest replaced = pushRelease("20261202T130000Z-0123456", COMMIT);
        signAndAttest(revoked, signer, BUILDER);
        signAndAttest(replaced, signer, BUILDER);
        try (var client = software.amazon.awssdk.services.signer.SignerClient.builder().endpointOverride(signerService.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create()).build()) {
            client.revokeSignature(b -> b.jobId(revoked.artifacts().lambdaSigning().jobId()).reason("signing key rotated after an incident"));
        }
        Files.write(artifacts.path(replaced.artifacts().lambdaSigning().source().key()), zip("tampered"));

        assertThat(gate(signer).refusals(revoked)).singleElement().asString().endsWith("was revoked: signing key rotated after an incident");
        assertThat(gate(signer).refusals(replaced)).singleElement().asString().startsWith("lambda: the built zip "
                + replaced.artifacts().lambdaSigning().source().s3Url() + " version");
    }

    @Test
    void decide_whenTheLambdaZipWasReplacedInTheBucketOrHasNoEvidence_refuses() throws Exception {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        Files.writeString(artifacts.path(release.artifacts().lambda().key()), "other code");
        Files.delete(artifacts.path(ReleaseAttester.blobEvidenceKey(release.artifacts().model(), release.release())));

        // The local bucket keeps one version per key: rewritten bytes are a version the manifest does not pin.
        assertThat(gate(signer).refusals(release)).satisfiesExactly(
                r -> assertThat(r).isEqualTo("lambda: " + release.artifacts().lambda().s3Url() + " version " + release.artifacts().lambda().versionId()
                        + " is not in the artifact store"),
                r -> assertThat(r).startsWith("model: no provenance of " + release.artifacts().model().s3Url() + " signed by the trusted key"));
    }
}
