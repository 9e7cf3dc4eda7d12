package com.mangaassist.release.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Surefire and failsafe reports summarised as an in-toto test-result predicate, and what the gate finds wrong with one. */
class TestResultsTest {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    @Test
    void collect_whenReportsOfSeveralModules_listsPassedFailedAndSkippedTests() throws Exception {
        TestResults results = TestResults.collect(reports(), COMMIT);

        assertThat(results.passed()).containsExactly("com.example.BrokenTest#works", "com.example.RoutingTest#route_whenCold_spills", "com.example.RoutingTest#route_whenHot_staysOnGpu",
                "com.example.it.faults.FaultSuiteTest#killTask_midAnswer_everyMessageAnsweredOnce");
        assertThat(results.skipped()).containsExactly("com.example.RoutingTest#route_whenLocalStackMissing_skips");
        assertThat(results.failed()).containsExactly("com.example.BrokenTest#breaks");
        assertThat(results.result()).isEqualTo("FAILED");
    }

    @Test
    void problems_whenAllPassedForTheCommitAndTheRequiredSuiteRan_isEmpty() throws Exception {
        TestResults results = TestResults.collect(reports().resolve("module-a").getParent().resolve("module-b"), COMMIT);
        JsonNode statement = new ObjectMapper().readTree(results.statement("r/x", "sha256:" + "0".repeat(64)));

        assertThat(statement.path("predicateType").asText()).isEqualTo("https://in-toto.io/attestation/test-result/v0.1");
        assertThat(TestResults.problems(statement, COMMIT, List.of("com.example.it.faults."))).isEmpty();
        assertThat(TestResults.problems(statement, COMMIT, List.of("com.example.Missing")))
                .containsExactly("test results hold no passed test of com.example.Missing (required by the policy)");
        assertThat(TestResults.problems(statement, "f".repeat(40), List.of())).singleElement().asString().contains("another commit");
    }

    @Test
    void problems_whenATestFailed_namesTheFirstFailure() throws Exception {
        JsonNode statement = new ObjectMapper().readTree(TestResults.collect(reports(), COMMIT).statement("r/x", "sha256:" + "0".repeat(64)));

        assertThat(TestResults.problems(statement, COMMIT, List.of())).containsExactly("test results say FAILED (1 failed, first com.example.BrokenTest#breaks)");
    }

    @Test
    void collect_whenNoReportsExist_refusesToSignWithoutEvidence() {
        assertThatThrownBy(() -> TestResults.collect(dir, COMMIT)).isInstanceOf(IllegalStateException.class).hasMessageContaining("no JUnit reports");
    }

    @Test
    void collect_whenAReportDeclaresADoctype_refusesIt() throws Exception {
        Path report = Files.createDirectories(dir.resolve("m/target/surefire-reports")).resolve("TEST-x.xml");
        Files.writeString(report, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><testsuite>&e;</testsuite>");

        assertThatThrownBy(() -> TestResults.collect(dir, COMMIT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JUnit XML");
    }

    /** The fixture reports copied out of the classpath: module-a (surefire), module-b (failsafe), failing (an error). */
    private Path reports() throws Exception {
        Path root = dir.resolve("repo");
        for (String report : List.of("module-a/surefire-reports/TEST-com.example.RoutingTest.xml",
                "module-b/failsafe-reports/TEST-com.example.it.faults.FaultSuiteTest.xml")) {
            copy("reports/" + report, root.resolve(report));
        }
        copy("failing/surefire-reports/TEST-com.example.BrokenTest.xml", root.resolve("failing/target/surefire-reports/TEST-com.example.BrokenTest.xml"));
        return root;
    }

    private static void copy(String resource, Path to) throws Exception {
        Files.createDirectories(to.getParent());
        Files.write(to, ScanReportTest.resource(resource));
    }
}
