package com.mangaassist.release.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Trivy's JSON and ECR's DescribeImageScanFindings (basic and enhanced), read into findings; anything else refused. */
class ScanReportTest {

    @Test
    void parse_whenTrivyJson_readsEveryVulnerabilityAndTheScannedDigest() throws IOException {
        ScanReport report = ScanReport.parse(resource("trivy-report.json"));

        assertThat(report.findings()).containsExactly(
                new ScanReport.Finding("CVE-2025-0001", ScanReport.Severity.HIGH, "libc6", "2.36-9+deb12u9"),
                new ScanReport.Finding("CVE-2025-0002", ScanReport.Severity.LOW, "zlib1g", "1:1.2.13.dfsg-1"));
        assertThat(report.imageDigests()).containsExactly("sha256:" + "1".repeat(64));
        assertThat(report.scannedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(report.complete()).isTrue();
    }

    @Test
    void parse_whenEcrBasicFindings_readsPackageAttributes() throws IOException {
        ScanReport report = ScanReport.parse(resource("ecr-basic-findings.json"));

        assertThat(report.findings()).containsExactly(
                new ScanReport.Finding("CVE-2025-1000", ScanReport.Severity.CRITICAL, "openssl", "3.0.15-1~deb12u1"),
                new ScanReport.Finding("CVE-2025-1001", ScanReport.Severity.MEDIUM, "tar", "1.34+dfsg-1.2+deb12u1"));
        assertThat(report.imageDigests()).containsExactly("sha256:" + "3".repeat(64));
        assertThat(report.scannedAt()).isEqualTo(Instant.parse("2026-12-01T10:05:00Z"));
    }

    @Test
    void parse_whenEcrEnhancedFindings_keepsEveryOneNotClosedSuppressedIncluded() throws IOException {
        ScanReport report = ScanReport.parse(resource("ecr-enhanced-findings.json"));

        assertThat(report.findings()).containsExactly(
                new ScanReport.Finding("CVE-2025-2000", ScanReport.Severity.HIGH, "io.netty:netty-codec-http", "4.1.100.Final"),
                new ScanReport.Finding("CVE-2025-2001", ScanReport.Severity.CRITICAL, "libexpat1", "2.5.0-1"));
        assertThat(report.complete()).isTrue();
    }

    @Test
    void parse_whenTheScanIsStillRunningHasNoStatusOrIsOnePage_isNotComplete() {
        assertThat(ScanReport.parse(("{\"imageScanStatus\":{\"status\":\"IN_PROGRESS\"},\"imageScanFindings\":{\"findings\":[]}}")
                .getBytes(StandardCharsets.UTF_8)).complete()).isFalse();
        assertThat(ScanReport.parse("{\"imageScanFindings\":{\"findings\":[]}}".getBytes(StandardCharsets.UTF_8)).complete()).isFalse();
        assertThat(ScanReport.parse(("{\"imageScanStatus\":{\"status\":\"COMPLETE\"},\"nextToken\":\"abc\",\"imageScanFindings\":{\"findings\":[]}}")
                .getBytes(StandardCharsets.UTF_8)).complete()).isFalse();
    }

    @Test
    void parse_whenNeitherFormat_refusesSayingWhichFormatsAreRead() {
        assertThatThrownBy(() -> ScanReport.parse("{\"matches\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither Trivy JSON").hasMessageContaining("DescribeImageScanFindings");
        assertThatThrownBy(() -> ScanReport.parse("{\"SchemaVersion\":2,\"Results\":[{\"Vulnerabilities\":[{\"PkgName\":\"x\",\"Severity\":\"HIGH\"}]}]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("no VulnerabilityID");
        assertThatThrownBy(() -> ScanReport.parse(("{\"SchemaVersion\":2,\"Results\":[{\"Vulnerabilities\":[{\"VulnerabilityID\":\"C\",\"PkgName\":\"x\","
                + "\"Severity\":\"SEVERE\"}]}]}").getBytes(StandardCharsets.UTF_8))).hasMessageContaining("unknown severity 'SEVERE'");
        assertThatThrownBy(() -> ScanReport.parse("not json".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not JSON");
    }

    @Test
    void statement_roundTripsThroughCosignsVulnPredicate() throws IOException {
        ScanReport report = ScanReport.parse(resource("trivy-report.json"));

        byte[] statement = report.statement("r/x", "sha256:" + "1".repeat(64));

        var node = new ObjectMapper().readTree(statement);
        assertThat(node.path("predicateType").asText()).isEqualTo(ScanReport.PREDICATE_TYPE);
        assertThat(node.path("predicate").path("scanner").path("uri").asText()).isEqualTo("pkg:github/aquasecurity/trivy");
        assertThat(node.path("predicate").path("metadata").path("scanFinishedOn").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(ScanReport.fromStatement(node).findings()).isEqualTo(report.findings());
    }

    static byte[] resource(String name) throws IOException {
        try (var in = ScanReportTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
