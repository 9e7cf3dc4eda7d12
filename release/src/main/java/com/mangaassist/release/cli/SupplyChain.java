package com.mangaassist.release.cli;

import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.artifacts.LocalArtifactStore;
import com.mangaassist.release.artifacts.S3ArtifactStore;
import com.mangaassist.release.codesigning.AwsSignerJobs;
import com.mangaassist.release.promotion.DeniedComponents;
import com.mangaassist.release.promotion.PromotionGate;
import com.mangaassist.release.promotion.PromotionPolicy;
import com.mangaassist.release.promotion.ReleaseLedger;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.registry.RegistryAuth;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the supply-chain commands run on, built in plain code from {@link SupplyChainOptions}, once
 * per command: the keys, the ledger and, for a release manifest, its registry, its artifact store,
 * AWS Signer (or the local stand-in), the policy and the gate. Nothing is read or connected until
 * the command asks for it, so a command needs only the options of what it uses.
 */
final class SupplyChain {

    private final SupplyChainOptions options;
    private final ReleaseKeys keys;

    SupplyChain(SupplyChainOptions options) {
        this.options = options;
        this.keys = new ReleaseKeys(options.key, options.kmsKey, options.kmsRegion, options.promotionKey, options.waiverKey, options.approverKey);
    }

    ReleaseKeys keys() {
        return keys;
    }

    ReleaseLedger ledger() {
        return new ReleaseLedger(options.ledger);
    }

    /** The checkout whose branch a release's commit must be on, and whose reports and lockfiles {@code sign} reads. */
    Path repository() {
        return options.repo != null ? options.repo : Path.of("").toAbsolutePath();
    }

    /** Loopback registries (the local one) anonymously; ECR with a token from its API (not exercised here: no AWS account). */
    OciRegistry registry(ReleaseManifest manifest) {
        String host = manifest.images().orchestrator().registry();
        if (!host.contains(".dkr.ecr.")) {
            return new OciRegistry(host, RegistryAuth.anonymous());
        }
        try (EcrClient ecr = EcrClient.builder().region(Region.of(manifest.region())).httpClient(UrlConnectionHttpClient.create()).build()) {
            return new OciRegistry(host, RegistryAuth.ecr(ecr));
        }
    }

    /** The directory standing in for the bucket ({@code --artifacts-dir}), or the manifest's S3 bucket. */
    ArtifactStore artifacts(ReleaseManifest manifest) {
        String bucket = manifest.artifacts().lambda().bucket();
        return options.artifactsDir != null ? new LocalArtifactStore(options.artifactsDir, bucket) : new S3ArtifactStore(S3Client.builder()
                .region(Region.of(manifest.region())).httpClient(UrlConnectionHttpClient.create()).build(), bucket);
    }

    PromotionPolicy policy() {
        return new PromotionPolicy(options.builder, this::onBranch, DeniedComponents.of(options.denied), options.refuseSeverity, options.scanRequiredFor,
                options.requiredTests, options.approvalRequiredFor, Duration.ofDays(options.maxScanAgeDays), options.requiredEval);
    }

    /**
     * The gate for {@code manifest}: its registry and artifact store, AWS Signer in its region (or,
     * for a local release only, the stand-in {@code --signer-endpoint} names), the trusted keys and the policy.
     */
    PromotionGate gate(ReleaseManifest manifest) {
        boolean local = "local".equals(manifest.account());
        if (local != (options.signerEndpoint != null)) {
            // A stand-in must never answer for AWS Signer, and a local release must never reach AWS with ambient credentials.
            throw new IllegalArgumentException(local ? "release " + manifest.release() + " is local: name the Signer stand-in with --signer-endpoint"
                    : "--signer-endpoint names a local stand-in; release " + manifest.release() + " is asked about from AWS Signer");
        }
        return new PromotionGate(registry(manifest), artifacts(manifest), AwsSignerJobs.connect(manifest.region(), options.signerEndpoint), keys.trusted(),
                policy(), Clock.systemUTC());
    }

    private boolean onBranch(String commit) {
        try {
            Process git = new ProcessBuilder("git", "-C", repository().toString(), "merge-base", "--is-ancestor", commit, options.branch)
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
