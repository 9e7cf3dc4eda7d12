package com.mangaassist.release.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.release.evidence.ScanReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Vulnerability scans, signed by the release key and bound to the image: each of this digest,
 * complete, with no open finding at or above the policy's severity (unless a waiver names it), and
 * the newest recent enough; none at all refuses only where the environment requires a scan.
 */
final class ScanCheck implements EvidenceCheck<ReleasedImage> {

    private final ImageEvidence registry;
    private final Set<String> requiredFor;
    private final ScanReport.Severity refuseAtOrAbove;
    private final Duration maxAge;
    private final Clock clock;

    ScanCheck(ImageEvidence registry, Set<String> requiredFor, ScanReport.Severity refuseAtOrAbove, Duration maxAge, Clock clock) {
        this.registry = registry;
        this.requiredFor = requiredFor;
        this.refuseAtOrAbove = refuseAtOrAbove;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public void check(ReleasedImage image, Refusals refusals) {
        String digest = image.digest();
        List<JsonNode> scans = registry.statements(image.image(), ScanReport.PREDICATE_TYPE);
        if (scans.isEmpty()) {
            if (requiredFor.contains(image.environment())) {
                refusals.add("no vulnerability scan attestation bound to " + digest + " (required for " + image.environment() + ")");
            }
            return;
        }
        // Every signed scan of this digest counts: a finding one scanner reported stays open whatever a later or other scan says.
        Instant newest = null;
        Set<String> reported = new HashSet<>();
        for (JsonNode statement : scans) {
            ScanReport report;
            try {
                report = ScanReport.fromStatement(statement);
            } catch (IllegalArgumentException e) {
                refusals.add("a signed scan report is unreadable: " + e.getMessage());
                continue;
            }
            if (report.imageDigests().isEmpty()) {
                refusals.add("a scan report does not say which image it scanned");
            } else if (!report.imageDigests().contains(digest)) {
                refusals.add("the scan report is of " + String.join(", ", report.imageDigests()) + ", not " + digest);
            }
            if (!report.complete()) {
                refusals.add("a scan of " + digest + " is incomplete (still running, or one page of its findings)");
            }
            if (report.scannedAt() != null && (newest == null || report.scannedAt().isAfter(newest))) {
                newest = report.scannedAt();
            }
            for (ScanReport.Finding finding : report.findings()) {
                if (finding.severity().compareTo(refuseAtOrAbove) >= 0 && reported.add(finding.describe())) {
                    refusals.addUnlessWaived(finding.id(), "open finding " + finding.describe() + " at or above " + refuseAtOrAbove);
                }
            }
        }
        if (newest == null) {
            refusals.add("no scan report says when it ran");
        } else if (newest.isBefore(clock.instant().minus(maxAge))) {
            refusals.add("the newest scan ran at " + newest + ", more than " + maxAge.toDays() + " days ago: advisories published since are not in it");
        }
    }
}
