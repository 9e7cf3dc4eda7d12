package com.mangaassist.release.promotion;

import com.mangaassist.release.evidence.ScanReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the gate requires beyond valid signatures.
 *
 * @param builderId           the builder provenance must name
 * @param commitAccepted      whether a commit may be released (on the release branch)
 * @param denied              component versions that must not ship (checked against the signed SBOM)
 * @param refuseAtOrAbove     a scan finding of this severity or higher refuses promotion unless waived
 * @param scanRequiredFor     environments whose promotion needs a vulnerability scan attestation on every image
 * @param requiredTests       test-name prefixes that must be among the passed tests (e.g. the fault suite's class)
 * @param approvalRequiredFor environments whose promotion needs a signed approval (and each role on its own key)
 * @param maxScanAge          how old the newest scan of an image may be: advisories published since then are not in it
 * @param requiredEval        language → the hybrid retrieval recall@5 a signed eval of the commit must reach (empty: none required)
 */
public record PromotionPolicy(String builderId, Predicate<String> commitAccepted, DeniedComponents denied, ScanReport.Severity refuseAtOrAbove,
                              Set<String> scanRequiredFor, List<String> requiredTests, Set<String> approvalRequiredFor, Duration maxScanAge,
                              Map<String, Double> requiredEval) {

    public PromotionPolicy {
        Objects.requireNonNull(builderId, "builderId");
        Objects.requireNonNull(commitAccepted, "commitAccepted");
        Objects.requireNonNull(denied, "denied");
        Objects.requireNonNull(refuseAtOrAbove, "refuseAtOrAbove");
        scanRequiredFor = Set.copyOf(scanRequiredFor);
        requiredTests = List.copyOf(requiredTests);
        approvalRequiredFor = Set.copyOf(approvalRequiredFor);
        Objects.requireNonNull(maxScanAge, "maxScanAge");
        requiredEval = Map.copyOf(requiredEval);
    }

    /** The defaults: Log4Shell denied, HIGH and CRITICAL findings refused, scans at most 7 days old, prod needs an approval. */
    public static PromotionPolicy standard(String builderId, Predicate<String> commitAccepted) {
        return new PromotionPolicy(builderId, commitAccepted, DeniedComponents.of(List.of(DeniedComponents.LOG4SHELL)), ScanReport.Severity.HIGH,
                Set.of(), List.of(), Set.of("prod"), Duration.ofDays(7), Map.of());
    }

    public PromotionPolicy withScanRequiredFor(Set<String> environments) {
        return new PromotionPolicy(builderId, commitAccepted, denied, refuseAtOrAbove, environments, requiredTests, approvalRequiredFor, maxScanAge, requiredEval);
    }

    public PromotionPolicy withRequiredTests(List<String> prefixes) {
        return new PromotionPolicy(builderId, commitAccepted, denied, refuseAtOrAbove, scanRequiredFor, prefixes, approvalRequiredFor, maxScanAge, requiredEval);
    }

    public PromotionPolicy withRefuseAtOrAbove(ScanReport.Severity severity) {
        return new PromotionPolicy(builderId, commitAccepted, denied, severity, scanRequiredFor, requiredTests, approvalRequiredFor, maxScanAge, requiredEval);
    }

    public PromotionPolicy withRequiredEval(Map<String, Double> minimumRecallAt5) {
        return new PromotionPolicy(builderId, commitAccepted, denied, refuseAtOrAbove, scanRequiredFor, requiredTests, approvalRequiredFor, maxScanAge,
                minimumRecallAt5);
    }

    public PromotionPolicy withApprovalRequiredFor(Set<String> environments) {
        return new PromotionPolicy(builderId, commitAccepted, denied, refuseAtOrAbove, scanRequiredFor, requiredTests, environments, maxScanAge, requiredEval);
    }
}
