package com.mangaassist.release.cli;

import com.mangaassist.release.promotion.PromotionGate;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.registry.RegistryAuth;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.shared.release.ReleaseManifest;
import com.mangaassist.shared.release.ReleaseManifestCodec;
import com.mangaassist.shared.wire.Decoded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** What sign, promote, revoke and rollback share: the key, the trusted builder, the ledger and how a manifest is read. */
final class SupplyChainOptions {

    /** The builder id this project's release build writes into provenance (and the gate trusts by default). */
    static final String BUILDER = "https://github.com/mangaassist/release/build";

    @Option(names = "--key", required = true, description = "key pair prefix: <prefix>.key signs, <prefix>.pub is the trusted key")
    Path key;

    @Option(names = "--builder", defaultValue = BUILDER, description = "the builder provenance must name")
    String builder;

    @Option(names = "--ledger", defaultValue = "release-ledger.jsonl", description = "the release ledger (one signed line per promotion or revocation)")
    Path ledger;

    @Option(names = "--repo", description = "the git repository whose branch a release's commit must be on (default: this checkout)")
    Path repo;

    @Option(names = "--branch", defaultValue = "main", description = "the branch a promoted commit must be on")
    String branch;

    private PemKeySigner signer;

    /** The key pair, read from disk once per command however often the command asks. */
    PemKeySigner signer() {
        if (signer == null) {
            signer = PemKeySigner.read(key);
        }
        return signer;
    }

    /** Loopback registries (the local one) anonymously; ECR would need its token (not exercised here). */
    static OciRegistry registryOf(ReleaseManifest manifest) {
        return new OciRegistry(manifest.images().orchestrator().registry(), RegistryAuth.anonymous());
    }

    PromotionGate gate(ReleaseManifest manifest) {
        return new PromotionGate(registryOf(manifest), signer().publicKey(), builder, this::onBranch);
    }

    static ReleaseManifest read(Path file) throws IOException {
        Decoded<ReleaseManifest> decoded = new ReleaseManifestCodec().decode(Files.readAllBytes(file));
        if (!decoded.isOk()) {
            throw new IllegalArgumentException(file + " is not a release manifest: " + decoded.error().message());
        }
        return decoded.value();
    }

    private boolean onBranch(String commit) {
        Path repository = repo != null ? repo : Path.of("").toAbsolutePath();
        try {
            Process git = new ProcessBuilder("git", "-C", repository.toString(), "merge-base", "--is-ancestor", commit, branch)
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
