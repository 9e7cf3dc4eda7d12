package com.mangaassist.release.cli;

import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.artifacts.LocalArtifactStore;
import com.mangaassist.release.artifacts.S3ArtifactStore;
import com.mangaassist.release.codesigning.AwsSignerJobs;
import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.promotion.DeniedComponents;
import com.mangaassist.release.promotion.PromotionGate;
import com.mangaassist.release.promotion.PromotionPolicy;
import com.mangaassist.release.promotion.TrustedKeys;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.registry.RegistryAuth;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.KmsSigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.release.signing.Signer;
import com.mangaassist.shared.release.ReleaseManifest;
import com.mangaassist.shared.release.ReleaseManifestCodec;
import com.mangaassist.shared.wire.Decoded;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** What the supply-chain commands share: the keys, the trusted builder, the policy, the ledger, the artifact store and how a manifest is read. */
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

    private Signer signer;

    /** The release key, read (from disk or KMS) once per command however often the command asks. */
    Signer signer() {
        if (signer == null) {
            if ((key == null) == (kmsKey == null)) {
                throw new IllegalArgumentException("name the release key with exactly one of --key <prefix> or --kms-key <key id>");
            }
            if (key != null) {
                signer = PemKeySigner.read(key);
            } else {
                var kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create());
                if (kmsRegion != null) {
                    kms.region(Region.of(kmsRegion));
                }
                signer = new KmsSigner(kms.build(), kmsKey);
            }
        }
        return signer;
    }

    private Signer promotionSigner;

    /** The key the ledger and the deployable manifest are signed with: the promotion key, or the release key when none is given. */
    Signer promotionSigner() {
        if (promotionSigner == null) {
            promotionSigner = promotionKey != null ? PemKeySigner.read(promotionKey) : signer();
        }
        return promotionSigner;
    }

    /** How to name the key a deploy must trust (the promotion key's public half) in a deploy command. */
    String publicKeyHint() {
        if (promotionKey != null) {
            return promotionKey + ".pub";
        }
        return key != null ? key + ".pub" : "<the PEM of aws kms get-public-key --key-id " + kmsKey + ">";
    }

    /** Loopback registries (the local one) anonymously; ECR with a token from its API (not exercised here: no AWS account). */
    static OciRegistry registryOf(ReleaseManifest manifest) {
        String host = manifest.images().orchestrator().registry();
        if (!host.contains(".dkr.ecr.")) {
            return new OciRegistry(host, RegistryAuth.anonymous());
        }
        try (EcrClient ecr = EcrClient.builder().region(Region.of(manifest.region())).httpClient(UrlConnectionHttpClient.create()).build()) {
            return new OciRegistry(host, RegistryAuth.ecr(ecr));
        }
    }

    ArtifactStore artifactsOf(ReleaseManifest manifest) {
        String bucket = manifest.artifacts().lambda().bucket();
        return artifactsDir != null ? new LocalArtifactStore(artifactsDir, bucket) : new S3ArtifactStore(S3Client.builder()
                .region(Region.of(manifest.region())).httpClient(UrlConnectionHttpClient.create()).build(), bucket);
    }

    TrustedKeys trustedKeys() {
        return new TrustedKeys(signer().publicKey(), promotionSigner().publicKey(), waiverKey == null ? signer().publicKey() : PemKeys.readPublic(waiverKey),
                approverKey == null ? signer().publicKey() : PemKeys.readPublic(approverKey));
    }

    PromotionPolicy policy() {
        return new PromotionPolicy(builder, this::onBranch, DeniedComponents.of(denied), refuseSeverity, scanRequiredFor, requiredTests,
                approvalRequiredFor, java.time.Duration.ofDays(maxScanAgeDays), requiredEval);
    }

    PromotionGate gate(ReleaseManifest manifest) {
        boolean local = "local".equals(manifest.account());
        if (local != (signerEndpoint != null)) {
            // A stand-in must never answer for AWS Signer, and a local release must never reach AWS with ambient credentials.
            throw new IllegalArgumentException(local ? "release " + manifest.release() + " is local: name the Signer stand-in with --signer-endpoint"
                    : "--signer-endpoint names a local stand-in; release " + manifest.release() + " is asked about from AWS Signer");
        }
        return new PromotionGate(registryOf(manifest), artifactsOf(manifest), AwsSignerJobs.connect(manifest.region(), signerEndpoint), trustedKeys(),
                policy(), Clock.systemUTC());
    }

    Path repository() {
        return repo != null ? repo : Path.of("").toAbsolutePath();
    }

    static ReleaseManifest read(Path file) throws IOException {
        Decoded<ReleaseManifest> decoded = new ReleaseManifestCodec().decode(Files.readAllBytes(file));
        if (!decoded.isOk()) {
            throw new IllegalArgumentException(file + " is not a release manifest: " + decoded.error().message());
        }
        return decoded.value();
    }

    static List<PromotionGate.SignedFile> signedFiles(List<Path> files) throws IOException {
        List<PromotionGate.SignedFile> signed = new ArrayList<>();
        for (Path file : files) {
            signed.add(new PromotionGate.SignedFile(file.toString(), Files.readAllBytes(file)));
        }
        return signed;
    }

    private boolean onBranch(String commit) {
        try {
            Process git = new ProcessBuilder("git", "-C", repository().toString(), "merge-base", "--is-ancestor", commit, branch)
                    .redirectErrorStream(true).start();
            git.getInputStream().readAllBytes();
            return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
