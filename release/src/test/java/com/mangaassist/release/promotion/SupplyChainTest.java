package com.mangaassist.release.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.localaws.docker.DockerEnvironment;
import com.mangaassist.localaws.ecr.EcrRegistryStandIn;
import com.mangaassist.localaws.ecr.TagMutability;
import com.mangaassist.localaws.signer.LocalBuckets;
import com.mangaassist.localaws.signer.LocalSigner;
import com.mangaassist.localaws.process.NodePackages;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.release.artifacts.LocalArtifactStore;
import com.mangaassist.release.artifacts.Sha256;
import com.mangaassist.release.build.BuildRecord;
import com.mangaassist.release.cli.ReleaseCli;
import com.mangaassist.release.codesigning.AwsSignerJobs;
import com.mangaassist.release.codesigning.LambdaCodeSigner;
import com.mangaassist.release.evidence.Approval;
import com.mangaassist.release.evidence.ReleaseAttester;
import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.evidence.TestResults;
import com.mangaassist.release.evidence.Waiver;
import com.mangaassist.release.git.SourceCommit;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.registry.RegistryAuth;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.shared.release.ReleaseManifest;
import com.mangaassist.shared.release.ReleaseManifestCodec;
import com.mangaassist.shared.release.SignatureTags;
import com.mangaassist.shared.release.SignedReleaseManifest;
import com.mangaassist.shared.release.SigningProfiles;
import com.mangaassist.shared.signing.Dsse;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing, the fail-closed promotion gate, the ledger and rollback against the real local OCI
 * registry behind the ECR stand-in (tags immutable except cosign's, as the artifacts stack makes
 * the repositories), with the Lambda zip signed through the Signer stand-in, on small images
 * pushed for each test (real manifests and blobs; the release build's own images are exercised by
 * ReleaseBuildTest). Each refusal the gate makes is a test.
 */
class SupplyChainTest {

    private static final String BUILDER = "https://github.com/mangaassist/release/build";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String BUCKET = "mangaassist-dev-artifacts-local";

    private static EcrRegistryStandIn ecr;

    @TempDir
    Path dir;
    private OciRegistry registry;
    /** The plain registry behind the ECR stand-in: what only someone who deleted an image and pushed anew could write. */
    private OciRegistry behindEcr;
    private LocalSigner signerService;
    private AwsSignerJobs signingJobs;
    private CosignStore store;
    private PemKeySigner signer;
    private String prefix;
    private LocalArtifactStore artifacts;

    @BeforeAll
    static void ecr() {
        DockerEnvironment.require();
        ecr = EcrRegistryStandIn.start(DockerEnvironment.REGISTRY, 0);
    }

    @AfterAll
    static void stopEcr() {
        if (ecr != null) {
            ecr.close();
        }
    }

    @BeforeEach
    void registry() throws Exception {
        prefix = "signtest" + UUID.randomUUID().toString().substring(0, 8);
        for (String image : List.of("/orchestrator", "/gpu-endpoint")) {
            ecr.createRepository(prefix + image, TagMutability.immutableExceptSignatures());
        }
        registry = new OciRegistry(ecr.host(), RegistryAuth.anonymous());
        behindEcr = new OciRegistry(DockerEnvironment.REGISTRY, RegistryAuth.anonymous());
        store = new CosignStore(registry);
        artifacts = new LocalArtifactStore(dir.resolve("artifacts"), BUCKET);
        Files.createDirectories(dir.resolve("artifacts").resolve(BUCKET));
        signerService = LocalSigner.start(new LocalBuckets(dir.resolve("artifacts")), 0, Duration.ofMillis(20));
        for (String environment : List.of("dev", "prod")) {
            signerService.putSigningProfile(SigningProfiles.overflowFunction(environment), LocalSigner.LAMBDA_PLATFORM);
        }
        signingJobs = AwsSignerJobs.connect("us-east-1", signerService.endpoint());
        signer = new PemKeySigner(PemKeys.generate());
    }

    @AfterEach
    void stopSigner() {
        if (signerService != null) {
            signerService.close();
        }
    }

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
    void decide_whenTheEnvironmentRequiresARetrievalEval_refusesItMissingBelowTheFloorOrOfAnotherCommit() throws Exception {
        ReleaseManifest missing = pushRelease("20261202T120000Z-0123456", COMMIT);
        ReleaseManifest good = pushRelease("20261202T130000Z-0123456", COMMIT);
        ReleaseManifest weak = pushRelease("20261202T140000Z-0123456", COMMIT);
        ReleaseManifest foreign = pushRelease("20261202T150000Z-0123456", COMMIT);
        signAndAttest(missing, signer, BUILDER);
        attestWithEval(good, evalReport(0.78, 0.74), COMMIT);
        attestWithEval(weak, evalReport(0.78, 0.61), COMMIT);
        attestWithEval(foreign, evalReport(0.78, 0.74), "f".repeat(40));
        PromotionGate gate = gate(signer, PromotionPolicy.standard(BUILDER, c -> true).withRequiredEval(Map.of("en", 0.75, "ja", 0.70)));

        assertThat(gate.refusals(missing)).hasSize(2).allSatisfy(r -> assertThat(r).contains("no retrieval eval attestation"));
        assertThat(gate.refusals(good)).isEmpty();
        assertThat(gate.refusals(weak)).hasSize(2).allSatisfy(r -> assertThat(r).endsWith("retrieval recall@5 ja is 0.610, below the required 0.70"));
        assertThat(gate.refusals(foreign)).hasSize(2).allSatisfy(r -> assertThat(r).contains("the retrieval eval is of another commit"));
        assertThat(gate(signer).refusals(missing)).as("no policy, no requirement").isEmpty();
    }

    private Path evalReport(double en, double ja) throws Exception {
        return Files.writeString(Files.createTempFile(dir, "eval", ".json"), "{\"schemaVersion\":1,\"scores\":[{\"method\":\"lexical\",\"lang\":\"en\","
                + "\"questions\":83,\"recallAt5\":0.99},{\"method\":\"hybrid\",\"lang\":\"en\",\"questions\":83,\"recallAt5\":" + en + "},"
                + "{\"method\":\"hybrid\",\"lang\":\"ja\",\"questions\":83,\"recallAt5\":" + ja + "}]}");
    }

    private void attestWithEval(ReleaseManifest release, Path report, String evalCommit) {
        new ReleaseAttester(registry, artifacts, signer, BUILDER).attest(release, new ReleaseAttester.ImageEvidence(bom("2.24.3"), null),
                new ReleaseAttester.ImageEvidence(bom("2.24.3"), null), passingTests(release.sourceCommit()),
                com.mangaassist.release.evidence.RetrievalEvalResult.read(report, evalCommit), parameters(release));
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
    void refusals_whenTheSbomListsADeniedComponent_namesIt() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        ReleaseManifest.ImageRef image = release.images().gpuEndpoint();
        store.attest(image.name(), image.digest(), SbomStatement.PREDICATE_TYPE, SbomStatement.statement(image.repository(), image.digest(),
                bom("2.14.1")), signer);

        assertThat(gate(signer).refusals(release)).containsExactly(
                "gpu-endpoint: denied component org.apache.logging.log4j:log4j-core@2.14.1 (" + DeniedComponents.LOG4SHELL + ")");
    }

    @Test
    void refusals_whenTheSbomIsMissing_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        for (ReleaseManifest.ImageRef image : List.of(release.images().orchestrator(), release.images().gpuEndpoint())) {
            store.sign(image.name(), image.repository(), image.digest(), signer);
            store.attest(image.name(), image.digest(), Provenance.PREDICATE_TYPE, Provenance.statement(image.repository(), image.digest(), BUILDER,
                    release.sourceCommit(), parameters(release)), signer);
        }

        assertThat(gate(signer).refusals(release)).filteredOn(r -> r.contains("no SBOM attestation")).hasSize(2);
    }

    @Test
    void refusals_whenProvenanceNamesAnotherBuilder_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, "https://ci.example.com/someone-elses-runner");

        assertThat(gate(signer).refusals(release)).anySatisfy(r -> assertThat(r).contains("built by https://ci.example.com/someone-elses-runner"));
    }

    @Test
    void refusals_whenTheCommitIsNotOnTheReleaseBranch_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);

        assertThat(gate(signer, PromotionPolicy.standard(BUILDER, commit -> false)).refusals(release))
                .containsExactly("commit " + COMMIT + " is not on the release branch");
    }

    @Test
    void decide_whenADeniedComponentHasAnUnexpiredSignedWaiver_promotesAndSaysWhatWasWaived() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        attestBom(release.images().gpuEndpoint(), "2.14.1");
        byte[] waiver = new Waiver("org.apache.logging.log4j:log4j-core@2.14.1", "dev", "JNDI lookups disabled by -Dlog4j2.formatMsgNoLookups",
                "sec@example.com", Instant.now(), Instant.now().plus(Duration.ofDays(7))).sign(signer);

        PromotionGate.Decision decision = gate(signer).decide(request(release, "dev", List.of(waiver), List.of()));

        assertThat(decision.refusals()).isEmpty();
        assertThat(decision.waived()).singleElement().asString().contains("denied component org.apache.logging.log4j:log4j-core@2.14.1", "sec@example.com");
    }

    @Test
    void decide_whenTheWaiverHasExpired_refusesNamingTheExpiry() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        attestBom(release.images().gpuEndpoint(), "2.14.1");
        Instant expired = Instant.now().minus(Duration.ofMinutes(1));
        byte[] waiver = new Waiver("org.apache.logging.log4j:log4j-core@2.14.1", "dev", "temporary", "sec@example.com",
                expired.minus(Duration.ofDays(1)), expired).sign(signer);

        PromotionGate.Decision decision = gate(signer).decide(request(release, "dev", List.of(waiver), List.of()));

        assertThat(decision.refusals()).containsExactly("gpu-endpoint: denied component org.apache.logging.log4j:log4j-core@2.14.1 ("
                + DeniedComponents.LOG4SHELL + ") (its waiver by sec@example.com expired at " + expired + ")");
        assertThat(decision.waived()).isEmpty();
    }

    @Test
    void decide_whenTheWaiverIsSignedByAnotherKey_refusesTheWaiverAndTheComponent() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        attestBom(release.images().gpuEndpoint(), "2.14.1");
        byte[] forged = new Waiver("org.apache.logging.log4j:log4j-core@2.14.1", "dev", "trust me", "someone", Instant.now(),
                Instant.now().plus(Duration.ofDays(1))).sign(new PemKeySigner(PemKeys.generate()));

        List<String> refusals = gate(signer).decide(request(release, "dev", List.of(forged), List.of())).refusals();

        assertThat(refusals).anySatisfy(r -> assertThat(r).contains("not a waiver signed by the trusted waiver key"))
                .anySatisfy(r -> assertThat(r).startsWith("gpu-endpoint: denied component"));
    }

    @Test
    void decide_whenAScanFindsAHighVulnerability_refusesUnlessAWaiverNamesIt() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        ReleaseManifest.ImageRef orchestrator = release.images().orchestrator();
        store.attest(orchestrator.name(), orchestrator.digest(), ScanReport.PREDICATE_TYPE,
                trivy(orchestrator, "CVE-2025-0001", "HIGH").statement(orchestrator.repository(), orchestrator.digest()), signer);
        byte[] waiver = new Waiver("CVE-2025-0001", "dev", "fixed version not yet in bookworm; not reachable", "sec@example.com",
                Instant.now(), Instant.now().plus(Duration.ofDays(3))).sign(signer);

        assertThat(gate(signer).refusals(release)).containsExactly(
                "orchestrator: open finding CVE-2025-0001 (HIGH) in libc6@2.36-9 at or above HIGH");
        assertThat(gate(signer).decide(request(release, "dev", List.of(waiver), List.of())).refusals()).isEmpty();
        assertThat(gate(signer, PromotionPolicy.standard(BUILDER, c -> true).withRefuseAtOrAbove(ScanReport.Severity.CRITICAL)).refusals(release))
                .as("a CRITICAL-only policy lets a HIGH finding through").isEmpty();
    }

    @Test
    void decide_whenTheScanReportIsOfAnotherImage_refuses() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        ReleaseManifest.ImageRef gpu = release.images().gpuEndpoint();
        store.attest(gpu.name(), gpu.digest(), ScanReport.PREDICATE_TYPE,
                trivy(release.images().orchestrator(), "CVE-2025-0002", "LOW").statement(gpu.repository(), gpu.digest()), signer);

        assertThat(gate(signer).refusals(release)).containsExactly("gpu-endpoint: the scan report is of " + release.images().orchestrator().digest()
                + ", not " + gpu.digest());
    }

    @Test
    void decide_whenTheEnvironmentRequiresAScanAndNoneIsAttached_refuses() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);

        assertThat(gate(signer, PromotionPolicy.standard(BUILDER, c -> true).withScanRequiredFor(java.util.Set.of("dev"))).refusals(release))
                .hasSize(2).allSatisfy(r -> assertThat(r).contains("no vulnerability scan attestation", "(required for dev)"));
    }

    @Test
    void decide_whenTheTestResultsFailedOrAreOfAnotherCommit_refuses() {
        ReleaseManifest failing = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(failing, signer, BUILDER, null, new TestResults(COMMIT, List.of("a#ok"), List.of("a#broken"), List.of(), "0".repeat(64)));
        ReleaseManifest elsewhere = pushRelease("20261202T130000Z-0123456", COMMIT);
        signAndAttest(elsewhere, signer, BUILDER, null, passingTests("f".repeat(40)));

        assertThat(gate(signer).refusals(failing)).contains("orchestrator: test results say FAILED (1 failed, first a#broken)");
        assertThat(gate(signer).refusals(elsewhere)).contains("orchestrator: test results are for another commit than the release's " + COMMIT);
        assertThat(gate(signer, PromotionPolicy.standard(BUILDER, c -> true).withRequiredTests(List.of("com.mangaassist.it.faults.")))
                .refusals(elsewhere)).noneMatch(r -> r.contains("required by the policy"));
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

    @Test
    void decide_whenProdHasNoApproval_refuses_andAnApprovalOfExactlyThisContentAdmitsIt() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT, "prod");
        signAndAttest(release, signer, BUILDER);
        PemKeySigner approver = new PemKeySigner(PemKeys.generate());
        PemKeySigner promotion = new PemKeySigner(PemKeys.generate());
        PromotionGate gate = new PromotionGate(registry, artifacts, signingJobs, new TrustedKeys(signer.publicKey(), promotion.publicKey(), signer.publicKey(),
                approver.publicKey()), PromotionPolicy.standard(BUILDER, c -> true), Clock.systemUTC());
        byte[] approval = Approval.of(release, "prod", "lead@example.com", Instant.now()).sign(approver);
        byte[] byTheReleaseKey = Approval.of(release, "prod", "pipeline", Instant.now()).sign(signer);

        assertThat(gate.decide(request(release, "prod", List.of(), List.of())).refusals()).containsExactly("promotion to prod needs an approval of "
                + release.release() + " signed by the approver key (release approve): none was given");
        assertThat(gate.decide(request(release, "prod", List.of(), List.of(byTheReleaseKey))).refusals()).singleElement().asString()
                .contains("not an approval signed by the trusted approver key");
        assertThat(gate.decide(request(release, "prod", List.of(), List.of(approval))).refusals()).isEmpty();
    }

    @Test
    void decide_whenASignedStatementIsRelabelledAsAnSbom_itIsNotReadAsOne() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        ReleaseManifest.ImageRef gpu = release.images().gpuEndpoint();
        attestBom(gpu, "2.14.1");
        // The layer's predicateType annotation is unsigned: a provenance statement labelled as an SBOM must not hide the real one.
        store.attest(gpu.name(), gpu.digest(), SbomStatement.PREDICATE_TYPE, Provenance.statement(gpu.repository(), gpu.digest(), BUILDER,
                release.sourceCommit(), parameters(release)), signer);

        assertThat(gate(signer).refusals(release)).containsExactly(
                "gpu-endpoint: denied component org.apache.logging.log4j:log4j-core@2.14.1 (" + DeniedComponents.LOG4SHELL + ")");
    }

    @Test
    void decide_whenTheWaiverIsForAnotherEnvironmentOrLastsTooLong_refusesIt() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        attestBom(release.images().gpuEndpoint(), "2.14.1");
        String component = "org.apache.logging.log4j:log4j-core@2.14.1";
        byte[] otherEnv = new Waiver(component, "staging", "r", "sec", Instant.now(), Instant.now().plus(Duration.ofDays(1))).sign(signer);
        byte[] forever = new Waiver(component, "dev", "r", "sec", Instant.now(), Instant.now().plus(Duration.ofDays(365))).sign(signer);

        List<String> refusals = gate(signer).decide(request(release, "dev", List.of(otherEnv, forever), List.of())).refusals();

        assertThat(refusals).anySatisfy(r -> assertThat(r).isEqualTo("waiver waiver.json is for staging, not dev"))
                .anySatisfy(r -> assertThat(r).contains("longer than 90 days"))
                .anySatisfy(r -> assertThat(r).startsWith("gpu-endpoint: denied component"));
    }

    @Test
    void decide_whenTheNewestScanIsOlderThanThePolicyAllows_refuses() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        ReleaseManifest.ImageRef orchestrator = release.images().orchestrator();
        Instant monthAgo = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        store.attest(orchestrator.name(), orchestrator.digest(), ScanReport.PREDICATE_TYPE,
                trivy(orchestrator, "CVE-2025-0002", "LOW", monthAgo).statement(orchestrator.repository(), orchestrator.digest()), signer);

        assertThat(gate(signer).refusals(release)).containsExactly("orchestrator: the newest scan ran at " + monthAgo
                + ", more than 7 days ago: advisories published since are not in it");
    }

    @Test
    void decide_whenProdSharesTheReleaseKeyForEveryRole_refusesSeparationOfDuties() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT, "prod");
        signAndAttest(release, signer, BUILDER);
        byte[] approval = Approval.of(release, "prod", "pipeline", Instant.now()).sign(signer);

        List<String> refusals = gate(signer).decide(request(release, "prod", List.of(), List.of(approval))).refusals();

        assertThat(refusals).anySatisfy(r -> assertThat(r).startsWith("promotion to prod needs a promotion key other than the release key"))
                .anySatisfy(r -> assertThat(r).startsWith("approvals for prod must be verified with an approver key other than the release key"));
    }

    @Test
    void entries_whenALineWasDeleted_refusesTheLedgerNamingTheLine() throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        ReleaseLedger ledger = new ReleaseLedger(file);
        ReleaseManifest release = pushRelease("20261201T100000Z-0123456", COMMIT);
        ledger.promoted(release, "dev", Instant.now(), signer);
        ledger.revoked(release.release(), "CVE in a dependency", Instant.now(), signer);
        ledger.promoted(release, "dev", Instant.now(), signer);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(2))); // the revocation, quietly removed

        assertThatThrownBy(() -> ledger.entries(signer.publicKey())).isInstanceOf(ReleaseLedger.LedgerException.class)
                .hasMessageContaining("line 2").hasMessageContaining("does not follow the line before it");
    }

    @Test
    void read_whenThePublicKeyFileIsNotThePrivateKeysHalf_refuses() {
        Path prefix = dir.resolve("mine");
        PemKeys.write(PemKeys.generate(), prefix);
        PemKeys.write(PemKeys.generate(), dir.resolve("theirs"));
        try {
            Files.copy(dir.resolve("theirs.pub"), dir.resolve("mine.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertThatThrownBy(() -> PemKeySigner.read(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mine.pub is not the public half of");
    }

    @Test
    void signatures_verifyWithTheSigstoreProjectsOwnLibraryAndFailWithAnotherKey() throws Exception {
        Path script = NodePackages.installed(SupplyChainTest.class, "sigstore", List.of("verify-with-sigstore.mjs"), "@sigstore/core");
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
        Path envelopeScript = NodePackages.installed(SupplyChainTest.class, "sigstore", List.of("verify-with-sigstore.mjs", "verify-envelope.mjs"),
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

    @Test
    void rollback_passesOverRevokedAndTamperedReleasesAndPicksTheNewestThatStillVerifies() {
        ReleaseLedger ledger = new ReleaseLedger(dir.resolve("ledger.jsonl"));
        ReleaseManifest first = pushRelease("20261201T100000Z-0123456", COMMIT);
        ReleaseManifest second = pushRelease("20261201T110000Z-0123456", COMMIT);
        ReleaseManifest third = pushRelease("20261201T120000Z-0123456", COMMIT);
        ReleaseManifest current = pushRelease("20261201T130000Z-0123456", COMMIT);
        for (ReleaseManifest release : List.of(first, second, third, current)) {
            signAndAttest(release, signer, BUILDER);
            ledger.promoted(release, "dev", Instant.now(), signer);
        }
        ledger.revoked(third.release(), "CVE in a dependency", Instant.now(), signer);
        pushImage(behindEcr, second.images().gpuEndpoint().name(), second.release(), "tampered after promotion");

        RollbackPlanner.Plan plan = new RollbackPlanner(gate(signer)).plan(ledger.entries(signer.publicKey()), "dev");

        assertThat(plan.current()).isEqualTo(current.release());
        assertThat(plan.release()).hasValueSatisfying(target -> assertThat(target.release()).isEqualTo(first.release()));
        assertThat(plan.passedOver()).satisfiesExactly(r -> assertThat(r).isEqualTo(third.release() + ": revoked"),
                r -> assertThat(r).startsWith(second.release() + ": gpu-endpoint: tag"));
    }

    @Test
    void affected_listsTheReleasesWhoseSignedSbomsHoldTheComponentAndWhatEachEnvironmentRunsNow() {
        ReleaseLedger ledger = new ReleaseLedger(dir.resolve("ledger.jsonl"));
        ReleaseManifest vulnerable = pushRelease("20261201T100000Z-0123456", COMMIT);
        ReleaseManifest fixed = pushRelease("20261201T110000Z-0123456", COMMIT);
        signAndAttest(vulnerable, signer, BUILDER);
        ReleaseManifest.ImageRef gpu = vulnerable.images().gpuEndpoint();
        store.attest(gpu.name(), gpu.digest(), SbomStatement.PREDICATE_TYPE, SbomStatement.statement(gpu.repository(), gpu.digest(), bom("2.14.1")),
                signer);
        signAndAttest(fixed, signer, BUILDER);
        ledger.promoted(vulnerable, "prod", Instant.now(), signer);
        ledger.promoted(vulnerable, "dev", Instant.now(), signer);
        ledger.promoted(fixed, "dev", Instant.now(), signer);

        List<AffectedReleases.Hit> log4shell = AffectedReleases.find(ledger.entries(signer.publicKey()),
                DeniedComponents.of(List.of(DeniedComponents.LOG4SHELL)), manifest -> store, signer.publicKey());
        List<AffectedReleases.Hit> anyLog4j = AffectedReleases.find(ledger.entries(signer.publicKey()),
                DeniedComponents.of(List.of("org.apache.logging.log4j:log4j-core")), manifest -> store, signer.publicKey());

        assertThat(log4shell).extracting(AffectedReleases.Hit::release, AffectedReleases.Hit::environment, AffectedReleases.Hit::runningNow)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(vulnerable.release(), "prod", true),
                        org.assertj.core.groups.Tuple.tuple(vulnerable.release(), "dev", false));
        assertThat(log4shell).allSatisfy(hit -> assertThat(hit.image()).isEqualTo(gpu.reference()));
        assertThat(anyLog4j).hasSize(6); // both images of the three promotions
    }

    @Test
    void entries_whenALineWasEdited_refusesTheLedgerNamingTheLine() throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        ReleaseLedger ledger = new ReleaseLedger(file);
        ReleaseManifest release = pushRelease("20261201T100000Z-0123456", COMMIT);
        ledger.promoted(release, "dev", Instant.now(), signer);
        ledger.revoked(release.release(), "mistake", Instant.now(), signer);
        Files.writeString(file, Files.readString(file).replace("mistake", "nothing"));

        assertThatThrownBy(() -> ledger.entries(signer.publicKey())).isInstanceOf(ReleaseLedger.LedgerException.class)
                .hasMessageContaining("line 2").hasMessageContaining("not signed by the trusted key");
    }

    @Test
    void cli_keygenSignPromoteDiffRevokeRollback_endToEndOnTheLocalRegistry() throws Exception {
        String head = SourceCommit.of(ServiceProcess.reactorRoot()).sha();
        Path key = dir.resolve("keys/release");
        Path ledger = dir.resolve("ledger.jsonl");
        String[] common = {"--key", key.toString(), "--ledger", ledger.toString(), "--repo", ServiceProcess.reactorRoot().toString(),
                "--artifacts-dir", dir.resolve("artifacts").toString(), "--signer-endpoint", signerService.endpoint().toString()};
        assertThat(ReleaseCli.run("keygen", "--out", key.toString())).isZero();
        Path oldSbom = Files.write(dir.resolve("old-bom.json"), bom("2.24.3"));
        Path newSbom = Files.write(dir.resolve("new-bom.json"), bom("2.25.0"));
        Path reports = dir.resolve("reports/module/target/surefire-reports/TEST-com.example.RoutingTest.xml");
        Files.createDirectories(reports.getParent());
        Files.write(reports, resource("/com/mangaassist/release/evidence/reports/module-a/surefire-reports/TEST-com.example.RoutingTest.xml"));
        Path older = write(pushRelease("20261201T100000Z-" + head.substring(0, 7), head));
        Path newer = write(pushRelease("20261201T110000Z-" + head.substring(0, 7), head));

        assertThat(ReleaseCli.run(concat(new String[] {"promote", "--manifest", newer.toString(), "--to", "dev"}, common)))
                .as("an unsigned release is refused").isEqualTo(1);
        assertThat(Files.exists(ledger)).as("and nothing is recorded").isFalse();
        for (Path manifest : List.of(older, newer)) {
            Path sbom = manifest.equals(older) ? oldSbom : newSbom;
            assertThat(ReleaseCli.run(concat(new String[] {"sign", "--manifest", manifest.toString(), "--orchestrator-sbom", sbom.toString(),
                    "--gpu-endpoint-sbom", sbom.toString(), "--test-reports", dir.resolve("reports").toString()}, common))).isZero();
            assertThat(ReleaseCli.run(concat(new String[] {"promote", "--manifest", manifest.toString(), "--to", "dev"}, common))).isZero();
        }
        Path signed = newer.resolveSibling(newer.getFileName().toString().replace(".json", ".dev.signed.json"));
        assertThat(SignedReleaseManifest.read(Files.readAllBytes(signed), PemKeys.readPublic(dir.resolve("keys/release.pub"))))
                .as("promote writes the manifest cdk deploy accepts").isInstanceOf(SignedReleaseManifest.Verified.class);

        Path diff = dir.resolve("diff.json");
        assertThat(ReleaseCli.run(concat(new String[] {"diff", "--manifest", newer.toString(), "--against", older.toString(), "--json",
                diff.toString()}, common))).isZero();
        assertThat(Files.readString(diff)).contains("\"component\" : \"org.apache.logging.log4j:log4j-core\"", "\"from\" : \"2.24.3\"",
                "\"to\" : \"2.25.0\"");
        assertThat(ReleaseCli.run(concat(new String[] {"affected", "--component", "org.apache.logging.log4j:log4j-core"}, common))).isZero();
        Path target = dir.resolve("rollback.json");
        assertThat(ReleaseCli.run(concat(new String[] {"rollback", "--env", "dev", "--out", target.toString()}, common))).isZero();
        SignedReleaseManifest.Read rolledBack = SignedReleaseManifest.read(Files.readAllBytes(target), PemKeys.readPublic(dir.resolve("keys/release.pub")));
        assertThat(new ReleaseManifestCodec().decode(((SignedReleaseManifest.Verified) rolledBack).manifestBytes()).value())
                .isEqualTo(readManifest(older));

        String olderId = readManifest(older).release();
        assertThat(ReleaseCli.run(concat(new String[] {"revoke", "--release", olderId, "--reason", "test"}, common))).isZero();
        assertThat(ReleaseCli.run(concat(new String[] {"rollback", "--env", "dev", "--out", target.toString()}, common)))
                .as("the only earlier release is revoked: nothing to roll back to").isEqualTo(1);
    }

    @Test
    void cli_promote_whenTheManifestIsTruncated_failsWithOneLine() throws Exception {
        Path key = dir.resolve("release");
        assertThat(ReleaseCli.run("keygen", "--out", key.toString())).isZero();
        Path manifest = write(pushRelease("20261201T100000Z-0123456", COMMIT));
        Files.writeString(manifest, Files.readString(manifest).substring(0, 40));

        assertThat(ReleaseCli.run("promote", "--manifest", manifest.toString(), "--to", "dev", "--key", key.toString(),
                "--ledger", dir.resolve("l.jsonl").toString())).isEqualTo(1);
    }

    private PromotionGate gate(PemKeySigner trusted) {
        return gate(trusted, PromotionPolicy.standard(BUILDER, commit -> true));
    }

    private PromotionGate gate(PemKeySigner trusted, PromotionPolicy policy) {
        return new PromotionGate(registry, artifacts, signingJobs, TrustedKeys.single(trusted.publicKey()), policy, Clock.systemUTC());
    }

    private void signAndAttest(ReleaseManifest release, PemKeySigner by, String builder) {
        signAndAttest(release, by, builder, null, passingTests(release.sourceCommit()));
    }

    private void signAndAttest(ReleaseManifest release, PemKeySigner by, String builder, ScanReport scan, TestResults tests) {
        new ReleaseAttester(registry, artifacts, by, builder).attest(release, new ReleaseAttester.ImageEvidence(bom("2.24.3"), scan),
                new ReleaseAttester.ImageEvidence(bom("2.24.3"), scan), tests, parameters(release));
    }

    private void attestBom(ReleaseManifest.ImageRef image, String log4jVersion) {
        store.attest(image.name(), image.digest(), SbomStatement.PREDICATE_TYPE, SbomStatement.statement(image.repository(), image.digest(),
                bom(log4jVersion)), signer);
    }

    private static PromotionGate.PromotionRequest request(ReleaseManifest release, String environment, List<byte[]> waivers, List<byte[]> approvals) {
        return new PromotionGate.PromotionRequest(release, environment,
                waivers.stream().map(w -> new PromotionGate.SignedFile("waiver.json", w)).toList(),
                approvals.stream().map(a -> new PromotionGate.SignedFile("approval.json", a)).toList(), true);
    }

    private static TestResults passingTests(String commit) {
        return new TestResults(commit, List.of("com.mangaassist.it.faults.FaultSuiteTest#killTask_midAnswer"), List.of(), List.of(), "0".repeat(64));
    }

    private static Provenance.BuildParameters parameters(ReleaseManifest release) {
        return new Provenance.BuildParameters(release.environment(), release.release(),
                Map.of("jdk", DockerEnvironment.REGISTRY + "/mangaassist-base/jdk@sha256:" + "5".repeat(64)), "6".repeat(64));
    }

    /** A CycloneDX document listing log4j-core at {@code log4jVersion}. */
    private static byte[] bom(String log4jVersion) {
        return ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":\"library\",\"group\":\"org.apache.logging.log4j\","
                + "\"name\":\"log4j-core\",\"version\":\"" + log4jVersion + "\"},{\"type\":\"library\",\"group\":\"com.fasterxml.jackson.core\","
                + "\"name\":\"jackson-databind\",\"version\":\"2.20.1\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    /** A Trivy report of {@code image} with one finding. */
    private static ScanReport trivy(ReleaseManifest.ImageRef image, String id, String severity) {
        return trivy(image, id, severity, Instant.now());
    }

    private static ScanReport trivy(ReleaseManifest.ImageRef image, String id, String severity, Instant createdAt) {
        return ScanReport.parse(("{\"SchemaVersion\":2,\"CreatedAt\":\"" + createdAt + "\",\"Metadata\":{\"RepoDigests\":[\"" + image.reference()
                + "\"]},\"Results\":[{\"Target\":\"x\","
                + "\"Vulnerabilities\":[{\"VulnerabilityID\":\"" + id + "\",\"PkgName\":\"libc6\",\"InstalledVersion\":\"2.36-9\",\"Severity\":\""
                + severity + "\"}]}]}").getBytes(StandardCharsets.UTF_8));
    }

    private ReleaseManifest pushRelease(String id, String commit) {
        return pushRelease(id, commit, "dev");
    }

    /** Two small images (a real tar layer with a dpkg stanza) pushed under the release's tag, its two objects in the bucket, and the manifest. */
    private ReleaseManifest pushRelease(String id, String commit, String environment) {
        String orchestrator = prefix + "/orchestrator";
        String gpu = prefix + "/gpu-endpoint";
        String host = ecr.host();
        LambdaCodeSigner.Signed lambda = codeSigner().sign(object("lambda-overflow", zip(id), ".zip"), SigningProfiles.overflowFunction(environment), id);
        return new ReleaseManifest(id, environment, commit, Instant.now().truncatedTo(ChronoUnit.SECONDS), "local", "us-east-1",
                new ReleaseManifest.Images(new ReleaseManifest.ImageRef(host + "/" + orchestrator, pushImage(registry, orchestrator, id, "orchestrator " + id)),
                        new ReleaseManifest.ImageRef(host + "/" + gpu, pushImage(registry, gpu, id, "gpu " + id))),
                new ReleaseManifest.Artifacts(lambda.object(), object("models/test", (id + " model").getBytes(StandardCharsets.UTF_8), ".tar.gz"),
                        lambda.signing()));
    }

    private LambdaCodeSigner codeSigner() {
        return new LambdaCodeSigner(signingJobs, artifacts, Clock.systemUTC(), Duration.ofSeconds(30));
    }

    private static ReleaseManifest withLambda(ReleaseManifest release, ReleaseManifest.ObjectRef lambda, ReleaseManifest.CodeSigning signing) {
        return new ReleaseManifest(release.release(), release.environment(), release.sourceCommit(), release.createdAt(), release.account(),
                release.region(), release.images(), new ReleaseManifest.Artifacts(lambda, release.artifacts().model(), signing));
    }

    /** A small zip with one entry: what Signer (and its stand-in) will sign. */
    private static byte[] zip(String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("com/mangaassist/overflow/Handler.class"));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private ReleaseManifest.ObjectRef object(String prefix, byte[] content, String suffix) {
        try {
            Path file = Files.write(Files.createTempFile(dir, "object", suffix), content);
            String sha256 = Sha256.of(file);
            return artifacts.put(prefix + "/" + sha256 + suffix, file, sha256);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String pushImage(OciRegistry registry, String name, String tag, String content) {
        byte[] layer = tar(Map.of("content.txt", content, "var/lib/dpkg/status.d/libc6",
                "Package: libc6\nVersion: 2.36-9+deb12u9\nArchitecture: amd64\nSource: glibc\n", "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"));
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + OciRegistry.sha256(layer)
                + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(name, config);
        String layerDigest = registry.pushBlob(name, layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":"
                + "[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":" + layer.length + ",\"digest\":\"" + layerDigest + "\"}]}";
        return registry.pushManifest(name, tag, "application/vnd.oci.image.manifest.v1+json", manifest.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] tar(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> file : new java.util.TreeMap<>(files).entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] resource(String name) throws java.io.IOException {
        try (var in = SupplyChainTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private Path write(ReleaseManifest manifest) throws Exception {
        Path file = dir.resolve(manifest.release() + ".json");
        Files.write(file, new ReleaseManifestCodec().encode(manifest));
        new BuildRecord(parameters(manifest).baseImages()).write(BuildRecord.besides(file));
        return file;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static ReleaseManifest readManifest(Path file) throws Exception {
        return new ReleaseManifestCodec().decode(Files.readAllBytes(file)).value();
    }
}
