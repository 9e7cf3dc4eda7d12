package com.mangaassist.release.cli;

import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.promotion.DeniedComponents;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options the supply-chain commands share, as values only: the keys, the trusted builder, the
 * ledger, where the artifacts and Signer are, and the policy's settings. {@link SupplyChain} builds
 * what they name.
 */
final class SupplyChainOptions {

    /** The builder id this project's release build writes into provenance (and the gate trusts by default). */
    static final String BUILDER = "https://github.com/mangaassist/release/build";

    @Option(names = "--key", description = "release key pair prefix: <prefix>.key signs, <prefix>.pub is the trusted key")
    Path key;

    @Option(names = "--kms-key", description = "instead of --key: an AWS KMS ECC_NIST_P256 key (id, ARN or alias/…) that signs; its public key is trusted")
    String kmsKey;

    @Option(names = "--kms-region", description = "the KMS key's region (default: the SDK's region chain)")
    String kmsRegion;

    @Option(names = "--promotion-key", description = "key pair prefix of the promotion key, which signs the ledger and the deployable manifest "
            + "(default: the release key; environments that need approval refuse that)")
    Path promotionKey;

    @Option(names = "--waiver-key", description = "public key (PEM) waivers must be signed with (default: the release key)")
    Path waiverKey;

    @Option(names = "--approver-key", description = "public key (PEM) approvals must be signed with (default: the release key)")
    Path approverKey;

    @Option(names = "--builder", defaultValue = BUILDER, description = "the builder provenance must name")
    String builder;

    @Option(names = "--ledger", defaultValue = "release-ledger.jsonl", description = "the release ledger (one signed line per promotion or revocation)")
    Path ledger;

    @Option(names = "--repo", description = "the git repository whose branch a release's commit must be on (default: this checkout)")
    Path repo;

    @Option(names = "--branch", defaultValue = "main", description = "the branch a promoted commit must be on")
    String branch;

    @Option(names = "--artifacts-dir", description = "the directory standing in for the artifact bucket (local releases); default: the manifest's S3 bucket")
    Path artifactsDir;

    @Option(names = "--signer-endpoint", description = "local releases: the Signer stand-in's URL, asked which zip a signing job signed "
            + "(default: AWS Signer in the manifest's region)")
    URI signerEndpoint;

    @Option(names = "--deny", split = ",", description = "denied components (group:name<version, group:name=version, group:name); default: "
            + DeniedComponents.LOG4SHELL)
    List<String> denied = new ArrayList<>(List.of(DeniedComponents.LOG4SHELL));

    @Option(names = "--refuse-severity", defaultValue = "HIGH", description = "scan findings at or above this severity refuse promotion unless waived")
    ScanReport.Severity refuseSeverity;

    @Option(names = "--scan-required-for", split = ",", description = "environments that need a scan attestation on every image (default: none)")
    Set<String> scanRequiredFor = Set.of();

    @Option(names = "--require-tests", split = ",", description = "test-name prefixes that must have passed (e.g. com.mangaassist.it.faults.)")
    List<String> requiredTests = List.of();

    @Option(names = "--require-eval", split = ",", description = "minimum hybrid retrieval recall@5 per language a signed eval of the commit "
            + "must reach, e.g. en=0.75,ja=0.70 (default: none required)")
    Map<String, Double> requiredEval = Map.of();

    @Option(names = "--approval-required-for", split = ",", defaultValue = "prod", description = "environments whose promotion needs a signed approval")
    Set<String> approvalRequiredFor;

    @Option(names = "--max-scan-age-days", defaultValue = "7", description = "how old the newest scan of an image may be")
    int maxScanAgeDays;
}
