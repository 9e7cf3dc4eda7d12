package com.mangaassist.release.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A vulnerability scan of one image, read from a report in a format real scanners write: Trivy's
 * JSON ({@code trivy image --format json}: {@code Results[].Vulnerabilities[]}) or ECR's {@code
 * DescribeImageScanFindings} response (basic scanning's {@code imageScanFindings.findings[]}, or
 * enhanced scanning's {@code enhancedFindings[]}). Attached to the image as cosign's vulnerability
 * attestation ({@code cosign attest --type vuln}), the raw report kept as the scanner's result.
 *
 * @param imageDigests the digests the report says it scanned (Trivy lists every repo digest; ECR one); empty when it does not say
 * @param scannedAt    when the scanner ran, by its own report; null when the report does not say
 * @param complete     the scan finished and the report holds all its findings (not one page of several)
 */
public record ScanReport(String scanner, List<String> imageDigests, Instant scannedAt, boolean complete, List<Finding> findings, JsonNode raw) {

    public static final String PREDICATE_TYPE = "https://cosign.sigstore.dev/attestation/vuln/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One open finding: a vulnerability id in a package at a version. */
    public record Finding(String id, Severity severity, String packageName, String installedVersion) {
        public String describe() {
            return id + " (" + severity + ") in " + packageName + "@" + installedVersion;
        }
    }

    public ScanReport {
        imageDigests = List.copyOf(imageDigests);
        findings = List.copyOf(findings);
    }

    public static ScanReport parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the scan report is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the scan report is not a JSON object");
        }
        if (root.has("imageScanFindings")) {
            return ecr(root);
        }
        if (root.has("SchemaVersion") && root.has("Results")) {
            return trivy(root);
        }
        throw new IllegalArgumentException("the scan report is neither Trivy JSON (SchemaVersion, Results) nor ECR's DescribeImageScanFindings (imageScanFindings)");
    }

    private static ScanReport trivy(JsonNode root) {
        List<Finding> findings = new ArrayList<>();
        for (JsonNode result : root.path("Results")) {
            for (JsonNode v : result.path("Vulnerabilities")) {
                findings.add(new Finding(required(v, "VulnerabilityID", "Trivy"), Severity.parse(v.path("Severity").asText()),
                        required(v, "PkgName", "Trivy"), v.path("InstalledVersion").asText("")));
            }
        }
        List<String> digests = new ArrayList<>();
        for (JsonNode repoDigest : root.path("Metadata").path("RepoDigests")) {
            String text = repoDigest.asText();
            if (text.contains("@sha256:")) {
                digests.add(text.substring(text.indexOf('@') + 1));
            }
        }
        return new ScanReport("pkg:github/aquasecurity/trivy", digests, instant(root.path("CreatedAt").asText(null)), true, findings, root);
    }

    private static ScanReport ecr(JsonNode root) {
        List<Finding> findings = new ArrayList<>();
        JsonNode scan = root.path("imageScanFindings");
        for (JsonNode f : scan.path("findings")) {
            String pkg = "";
            String version = "";
            for (JsonNode attribute : f.path("attributes")) {
                if ("package_name".equals(attribute.path("key").asText())) {
                    pkg = attribute.path("value").asText();
                } else if ("package_version".equals(attribute.path("key").asText())) {
                    version = attribute.path("value").asText();
                }
            }
            findings.add(new Finding(required(f, "name", "ECR"), Severity.parse(f.path("severity").asText()), pkg, version));
        }
        for (JsonNode f : scan.path("enhancedFindings")) {
            if ("CLOSED".equals(f.path("status").asText())) {
                continue; // fixed and closed by Inspector; a SUPPRESSED finding stays open here: exceptions are signed waivers
            }
            JsonNode details = f.path("packageVulnerabilityDetails");
            String id = details.path("vulnerabilityId").asText(f.path("title").asText(""));
            if (id.isEmpty()) {
                throw new IllegalArgumentException("an ECR enhanced finding has no packageVulnerabilityDetails.vulnerabilityId");
            }
            JsonNode packages = details.path("vulnerablePackages");
            if (packages.isEmpty()) {
                findings.add(new Finding(id, Severity.parse(f.path("severity").asText()), "", ""));
            }
            for (JsonNode p : packages) {
                findings.add(new Finding(id, Severity.parse(f.path("severity").asText()), p.path("name").asText(""), p.path("version").asText("")));
            }
        }
        String status = root.path("imageScanStatus").path("status").asText("");
        String digest = root.path("imageId").path("imageDigest").asText("");
        // DescribeImageScanFindings pages its findings: a report that still has a nextToken is one page, not the scan.
        boolean complete = ("COMPLETE".equals(status) || "ACTIVE".equals(status)) && root.path("nextToken").asText("").isEmpty();
        return new ScanReport("https://aws.amazon.com/ecr/image-scanning", digest.isEmpty() ? List.of() : List.of(digest),
                instant(scan.path("imageScanCompletedAt").asText(null)), complete, findings, root);
    }

    /** Trivy's RFC 3339 with nanoseconds, ECR's with an offset; null when absent or unreadable. */
    private static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String required(JsonNode node, String field, String format) {
        String value = node.path(field).asText("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a " + format + " finding has no " + field);
        }
        return value;
    }

    /** cosign's vuln predicate: the scanner, its raw result, when it ran (by the report's own clock). */
    public byte[] statement(String reference, String digest) {
        if (scannedAt == null) {
            throw new IllegalArgumentException("the scan report does not say when the scan ran (Trivy CreatedAt, ECR imageScanCompletedAt)");
        }
        ObjectNode statement = JSON.createObjectNode().put("_type", "https://in-toto.io/Statement/v1");
        statement.putArray("subject").addObject().put("name", reference).putObject("digest").put("sha256", digest.substring("sha256:".length()));
        statement.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = statement.putObject("predicate");
        predicate.putObject("invocation").put("uri", "").put("event_id", "").put("builder.id", "").putNull("parameters");
        predicate.putObject("scanner").put("uri", scanner).put("version", "").set("result", raw);
        predicate.putObject("metadata").put("scanStartedOn", scannedAt.toString()).put("scanFinishedOn", scannedAt.toString());
        try {
            return JSON.writeValueAsBytes(statement);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report inside a verified vuln attestation. */
    public static ScanReport fromStatement(JsonNode statement) {
        try {
            return parse(JSON.writeValueAsBytes(statement.path("predicate").path("scanner").path("result")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scanner severities, lowest first; what a policy threshold compares. */
    public enum Severity {
        NONE, LOW, MEDIUM, UNKNOWN, HIGH, CRITICAL;

        /**
         * ECR's INFORMATIONAL and UNTRIAGED and Trivy's UNKNOWN are real values. An unrated
         * finding ranks between MEDIUM and HIGH: a HIGH threshold lets it pass, a stricter one
         * (UNKNOWN) refuses it. An unrecognised word is refused as a report error.
         */
        public static Severity parse(String text) {
            return switch (text.toUpperCase(Locale.ROOT)) {
                case "CRITICAL" -> CRITICAL;
                case "HIGH" -> HIGH;
                case "MEDIUM", "MODERATE" -> MEDIUM;
                case "LOW" -> LOW;
                case "INFORMATIONAL", "NEGLIGIBLE", "NONE" -> NONE;
                case "UNKNOWN", "UNDEFINED", "UNTRIAGED" -> UNKNOWN;
                default -> throw new IllegalArgumentException("unknown severity '" + text + "'");
            };
        }
    }
}
