package com.mangaassist.release.cli;

import com.mangaassist.release.promotion.ReleaseLedger;
import com.mangaassist.release.signing.Signer;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code release revoke}: a release is no longer trusted; rollback never picks it again. */
@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Records that a release is no longer trusted.")
final class RevokeCommand implements Callable<Integer> {

    @Option(names = "--release", required = true, description = "the release id")
    String release;

    @Option(names = "--reason", required = true, description = "why (kept in the ledger)")
    String reason;

    @Mixin
    SupplyChainOptions options;

    @Override
    public Integer call() {
        SupplyChain supplyChain = new SupplyChain(options);
        ReleaseLedger ledger = supplyChain.ledger();
        Signer promotion = supplyChain.keys().promotion();
        boolean known = ledger.entries(promotion.publicKey()).stream().anyMatch(e -> e.release().equals(release));
        if (!known) {
            throw new IllegalArgumentException("release " + release + " is not in " + options.ledger);
        }
        ledger.revoked(release, reason, Instant.now(), promotion);
        System.out.println("revoked " + release + ": " + reason);
        return 0;
    }
}
