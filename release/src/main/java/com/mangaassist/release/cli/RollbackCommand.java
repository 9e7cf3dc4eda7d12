package com.mangaassist.release.cli;

import com.mangaassist.release.promotion.ReleaseLedger;
import com.mangaassist.release.promotion.RollbackPlanner;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.SignedReleaseManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code release rollback}: writes the manifest of the release the environment goes back to — the
 * newest earlier promoted one that is not revoked and still verifies — for {@code cdk deploy -c
 * release=<file>}; fails when there is none.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true, description = "Picks the previous signed release of an environment.")
final class RollbackCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, description = "the environment")
    String environment;

    @Option(names = "--out", required = true, description = "where to write the manifest to deploy")
    Path out;

    @Mixin
    SupplyChainOptions options;

    @Override
    public Integer call() throws Exception {
        SupplyChain supplyChain = new SupplyChain(options);
        ReleaseKeys keys = supplyChain.keys();
        List<ReleaseLedger.Entry> entries = supplyChain.ledger().entries(keys.promotion().publicKey());
        ReleaseLedger.Entry last = entries.stream().filter(e -> e.promotion() && environment.equals(e.environment())).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("nothing was ever promoted to " + environment));
        RollbackPlanner.Plan plan = new RollbackPlanner(supplyChain.gate(last.manifest())).plan(entries, environment);
        plan.passedOver().forEach(reason -> System.err.println("passed over: " + reason));
        ReleaseManifest target = plan.release().orElseThrow(() -> new IllegalStateException("no earlier signed release of " + environment
                + " to roll back to"));
        // Re-verified just now, so signed as deployable, by the promotion key a deploy trusts.
        PromoteCommand.writeAtomically(out, SignedReleaseManifest.sign(target, keys.promotion()::sign));
        System.out.println("roll " + environment + " back from " + plan.current() + " to " + target.release() + ": cdk deploy -c env=" + environment + " -c release=" + out
                + " -c releaseKey=" + keys.deployKeyHint());
        return 0;
    }
}
