package com.mangaassist.release.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.release.evidence.Approval;
import com.mangaassist.release.evidence.ReleaseAttester;
import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.evidence.TestResults;
import com.mangaassist.release.evidence.Waiver;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate on the evidence: SBOMs and denied components, provenance and the release branch, waivers, vulnerability scans, test results, the retrieval eval, approvals and separation of duties. */
class EvidenceGateTest extends SupplyChainFixture {

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
}
