package com.mangaassist.release.cli;

import com.mangaassist.release.promotion.ReleaseLedger;
import com.mangaassist.shared.release.ReleaseManifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code release promote}: the fail-closed gate. Every refusal is printed; any one of them stops
 * the promotion and nothing is written. A promotion appends a signed line, with the manifest,
 * to the ledger.
 */
@Command(name = "promote", mixinStandardHelpOptions = true, description = "Verifies a release's evidence and records its promotion.")
final class PromoteCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, description = "the release manifest")
    Path manifestFile;

    @Option(names = "--to", required = true, description = "the environment to promote to")
    String environment;

    @Mixin
    SupplyChainOptions options;

    @Override
    public Integer call() throws Exception {
        ReleaseManifest manifest = SupplyChainOptions.read(manifestFile);
        if (!manifest.environment().equals(environment)) {
            throw new IllegalArgumentException("release " + manifest.release() + " was built for " + manifest.environment() + ", not " + environment);
        }
        List<String> refusals = options.gate(manifest).refusals(manifest);
        if (!refusals.isEmpty()) {
            refusals.forEach(reason -> System.err.println("refused: " + reason));
            throw new IllegalStateException("release " + manifest.release() + " not promoted to " + environment + " (" + refusals.size()
                    + " refusal(s)): " + refusals.get(0));
        }
        new ReleaseLedger(options.ledger).promoted(manifest, environment, Instant.now(), options.signer());
        System.out.println("promoted " + manifest.release() + " to " + environment + " (ledger " + options.ledger + ")");
        return 0;
    }
}
