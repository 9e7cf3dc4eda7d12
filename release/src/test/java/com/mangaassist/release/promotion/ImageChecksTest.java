package com.mangaassist.release.promotion;

import static com.mangaassist.release.promotion.CheckFixtures.BUILDER;
import static com.mangaassist.release.promotion.CheckFixtures.CLOCK;
import static com.mangaassist.release.promotion.CheckFixtures.COMMIT;
import static com.mangaassist.release.promotion.CheckFixtures.NOW;
import static com.mangaassist.release.promotion.CheckFixtures.ORCHESTRATOR;
import static com.mangaassist.release.promotion.CheckFixtures.RELEASE;
import static com.mangaassist.release.promotion.CheckFixtures.bom;
import static com.mangaassist.release.promotion.CheckFixtures.parameters;
import static com.mangaassist.release.promotion.CheckFixtures.refusals;
import static com.mangaassist.release.promotion.CheckFixtures.trivy;
import static com.mangaassist.release.promotion.CheckFixtures.verdict;
import static com.mangaassist.release.promotion.CheckFixtures.waiver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.release.evidence.RetrievalEvalResult;
import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.evidence.TestResults;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each image check on its own, over evidence held in memory: what it refuses, in the gate's words, and what it lets through. */
class ImageChecksTest {

    private static final String DIGEST = ORCHESTRATOR.digest();
    private static final String REFERENCE = ORCHESTRATOR.repository();

    private final FakeImageEvidence evidence = new FakeImageEvidence();

    @Nested
    class ReleaseTag {

        @Test
        void check_whenTheTagNamesTheReleasedDigest_refusesNothing() {
            assertThat(refusals(new ReleaseTagCheck(evidence.tagged(DIGEST)))).isEmpty();
        }

        @Test
        void check_whenTheTagIsMissing_saysSo() {
            assertThat(refusals(new ReleaseTagCheck(evidence.tagged(null))))
                    .containsExactly("orchestrator: mangaassist/orchestrator:" + RELEASE + " is not in the registry");
        }

        @Test
        void check_whenTheTagNamesOtherContent_saysItWasRePushed() {
            String other = "sha256:" + "f".repeat(64);

            assertThat(refusals(new ReleaseTagCheck(evidence.tagged(other)))).containsExactly("orchestrator: tag " + RELEASE + " now names " + other
                    + ", not the released " + DIGEST + " (re-pushed with other content)");
        }

        @Test
        void check_whenTheRegistryCannotBeRead_stopsTheImagesChecks() {
            ReleaseTagCheck unreachable = new ReleaseTagCheck(evidence.failing(new UncheckedIOException(new java.io.IOException("refused"))));
            ReleaseTagCheck erring = new ReleaseTagCheck(new FakeImageEvidence().failing(new OciRegistry.RegistryException("HTTP 500")));

            assertThatThrownBy(() -> refusals(unreachable)).isInstanceOf(EvidenceCheck.Stop.class)
                    .hasMessage("the registry could not be read: java.io.IOException: refused");
            assertThatThrownBy(() -> refusals(erring)).isInstanceOf(EvidenceCheck.Stop.class).hasMessage("the registry could not be read: HTTP 500");
        }
    }

    @Nested
    class Signature {

        @Test
        void check_saysWhatTheSignatureNextToTheDigestIs() {
            assertThat(refusals(new ImageSignatureCheck(evidence.signature(CosignStore.SignatureCheck.VERIFIED)))).isEmpty();
            assertThat(refusals(new ImageSignatureCheck(evidence.signature(CosignStore.SignatureCheck.UNSIGNED))))
                    .containsExactly("orchestrator: " + DIGEST + " is not signed");
            assertThat(refusals(new ImageSignatureCheck(evidence.signature(CosignStore.SignatureCheck.OTHER_KEY))))
                    .containsExactly("orchestrator: " + DIGEST + " is signed, but not by the trusted key");
            assertThat(refusals(new ImageSignatureCheck(evidence.signature(CosignStore.SignatureCheck.FOR_ANOTHER_DIGEST))))
                    .containsExactly("orchestrator: the trusted key's signature next to " + DIGEST + " covers another digest");
        }
    }

    @Nested
    class ProvenanceOfTheImage {

        @Test
        void check_whenTheTrustedBuilderBuiltTheReleasedCommit_refusesNothing() {
            evidence.attach(Provenance.statement(REFERENCE, DIGEST, BUILDER, COMMIT, parameters()));

            assertThat(refusals(new ProvenanceCheck(evidence, BUILDER))).isEmpty();
        }

        @Test
        void check_whenThereIsNone_saysSo() {
            assertThat(refusals(new ProvenanceCheck(evidence, BUILDER))).containsExactly("orchestrator: no provenance attestation signed by the trusted key");
        }

        @Test
        void check_whenAnotherBuilderBuiltAnotherCommit_namesBoth() {
            evidence.attach(Provenance.statement(REFERENCE, DIGEST, "https://ci.example.com/runner", "f".repeat(40), parameters()));

            assertThat(refusals(new ProvenanceCheck(evidence, BUILDER))).containsExactly(
                    "orchestrator: provenance built by https://ci.example.com/runner, not the trusted builder " + BUILDER,
                    "orchestrator: provenance built from another commit than the release's " + COMMIT);
        }
    }

    @Nested
    class Sbom {

        private final SbomCheck check = new SbomCheck(evidence, DeniedComponents.of(List.of(DeniedComponents.LOG4SHELL)));

        @Test
        void check_whenTheSbomListsNoDeniedComponent_refusesNothing() {
            evidence.attach(SbomStatement.statement(REFERENCE, DIGEST, bom("2.24.3")));

            assertThat(refusals(check)).isEmpty();
        }

        @Test
        void check_whenThereIsNone_saysSo() {
            assertThat(refusals(check)).containsExactly("orchestrator: no SBOM attestation bound to " + DIGEST + " and signed by the trusted key");
        }

        @Test
        void check_whenThePredicateIsNotCycloneDx_saysSo() throws Exception {
            ObjectNode statement = (ObjectNode) new ObjectMapper().readTree(SbomStatement.statement(REFERENCE, DIGEST, bom("2.24.3")));
            ((ObjectNode) statement.path("predicate")).put("bomFormat", "SPDX");
            evidence.attach(new ObjectMapper().writeValueAsBytes(statement));

            assertThat(refusals(check)).containsExactly("orchestrator: the signed SBOM attestation's predicate is not a CycloneDX document");
        }

        @Test
        void check_whenADeniedComponentIsListed_refusesUnlessAWaiverNamesIt() {
            evidence.attach(SbomStatement.statement(REFERENCE, DIGEST, bom("2.14.1")));
            String component = "org.apache.logging.log4j:log4j-core@2.14.1";

            assertThat(refusals(check)).containsExactly("orchestrator: denied component " + component + " (" + DeniedComponents.LOG4SHELL + ")");
            Verdict waived = verdict(check, waiver(component, NOW.plus(Duration.ofDays(3))));
            assertThat(waived.decision().refusals()).isEmpty();
            assertThat(waived.decision().waived()).singleElement().asString()
                    .startsWith("orchestrator: denied component " + component + " (" + DeniedComponents.LOG4SHELL + ") — waived by sec@example.com");
        }
    }

    @Nested
    class TestResultsOfTheCommit {

        @Test
        void check_whenTheCommitsTestsPassed_refusesNothing() {
            evidence.attach(new TestResults(COMMIT, List.of("com.mangaassist.it.faults.FaultSuiteTest#killTask"), List.of(), List.of(), "0".repeat(64))
                    .statement(REFERENCE, DIGEST));

            assertThat(refusals(new TestResultsCheck(evidence, List.of("com.mangaassist.it.faults.")))).isEmpty();
        }

        @Test
        void check_whenThereAreNone_saysSo() {
            assertThat(refusals(new TestResultsCheck(evidence, List.of())))
                    .containsExactly("orchestrator: no test results attestation bound to " + DIGEST + " and signed by the trusted key");
        }

        @Test
        void check_whenATestFailedAndARequiredSuiteDidNotRun_saysBoth() {
            evidence.attach(new TestResults(COMMIT, List.of("a#ok"), List.of("a#broken"), List.of(), "0".repeat(64)).statement(REFERENCE, DIGEST));

            assertThat(refusals(new TestResultsCheck(evidence, List.of("com.mangaassist.it.faults.")))).containsExactly(
                    "orchestrator: test results say FAILED (1 failed, first a#broken)",
                    "orchestrator: test results hold no passed test of com.mangaassist.it.faults. (required by the policy)");
        }
    }

    @Nested
    class RetrievalEval {

        @Test
        void check_whenThePolicySetsNoFloor_asksForNothing() {
            assertThat(refusals(new RetrievalEvalCheck(evidence, Map.of()))).isEmpty();
        }

        @Test
        void check_whenAFloorIsSetAndThereIsNoEval_saysSo() {
            assertThat(refusals(new RetrievalEvalCheck(evidence, Map.of("en", 0.75))))
                    .containsExactly("orchestrator: no retrieval eval attestation bound to " + DIGEST + " (required: {en=0.75})");
        }

        @Test
        void check_whenTheEvalIsBelowTheFloor_saysByHowMuch() {
            evidence.attach(new RetrievalEvalResult(COMMIT, Map.of("en", 0.61), 83, "0".repeat(64)).statement(REFERENCE, DIGEST));

            assertThat(refusals(new RetrievalEvalCheck(evidence, Map.of("en", 0.75))))
                    .containsExactly("orchestrator: retrieval recall@5 en is 0.610, below the required 0.75");
            assertThat(refusals(new RetrievalEvalCheck(evidence, Map.of("en", 0.60)))).isEmpty();
        }
    }

    @Nested
    class Scan {

        private ScanCheck check(Set<String> requiredFor) {
            return new ScanCheck(evidence, requiredFor, ScanReport.Severity.HIGH, Duration.ofDays(7), CLOCK);
        }

        private void attachScan(String scannedDigest, String id, String severity, Instant at) {
            evidence.attach(ScanReport.parse(trivy(scannedDigest, id, severity, at)).statement(REFERENCE, DIGEST));
        }

        @Test
        void check_whenThereIsNoScan_refusesOnlyWhereTheEnvironmentRequiresOne() {
            assertThat(refusals(check(Set.of()))).isEmpty();
            assertThat(refusals(check(Set.of("dev"))))
                    .containsExactly("orchestrator: no vulnerability scan attestation bound to " + DIGEST + " (required for dev)");
        }

        @Test
        void check_whenARecentScanFindsNothingAtTheThreshold_refusesNothing() {
            attachScan(DIGEST, "CVE-2025-0002", "LOW", NOW.minus(Duration.ofDays(1)));

            assertThat(refusals(check(Set.of("dev")))).isEmpty();
        }

        @Test
        void check_whenTwoScansReportAHighFinding_refusesItOnceUnlessWaived() {
            attachScan(DIGEST, "CVE-2025-0001", "HIGH", NOW.minus(Duration.ofDays(2)));
            attachScan(DIGEST, "CVE-2025-0001", "HIGH", NOW.minus(Duration.ofDays(1)));

            assertThat(refusals(check(Set.of()))).containsExactly("orchestrator: open finding CVE-2025-0001 (HIGH) in libc6@2.36-9 at or above HIGH");
            Verdict waived = verdict(check(Set.of()), waiver("CVE-2025-0001", NOW.plus(Duration.ofDays(1))));
            assertThat(waived.decision().refusals()).isEmpty();
            assertThat(waived.decision().waived()).hasSize(1);
        }

        @Test
        void check_whenTheReportIsOfAnotherImage_saysWhich() {
            String other = "sha256:" + "e".repeat(64);
            attachScan(other, "CVE-2025-0002", "LOW", NOW);

            assertThat(refusals(check(Set.of()))).containsExactly("orchestrator: the scan report is of " + other + ", not " + DIGEST);
        }

        @Test
        void check_whenTheNewestScanIsTooOld_saysWhenItRan() {
            Instant monthAgo = NOW.minus(Duration.ofDays(30));
            attachScan(DIGEST, "CVE-2025-0002", "LOW", monthAgo);

            assertThat(refusals(check(Set.of()))).containsExactly("orchestrator: the newest scan ran at " + monthAgo
                    + ", more than 7 days ago: advisories published since are not in it");
        }
    }
}
