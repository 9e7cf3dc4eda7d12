package com.mangaassist.release.cli;

import com.mangaassist.release.promotion.AffectedReleases;
import com.mangaassist.release.promotion.DeniedComponents;
import com.mangaassist.release.signing.CosignStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code release affected}: which promoted releases (and which environments now) contain a component, from their signed SBOMs. */
@Command(name = "affected", mixinStandardHelpOptions = true, description = "Lists the releases whose SBOMs contain a component.")
final class AffectedCommand implements Callable<Integer> {

    @Option(names = "--component", required = true, description = "group:name, optionally <version or =version (log4j: org.apache.logging.log4j:log4j-core<2.17.1)")
    String component;

    @Mixin
    SupplyChainOptions options;

    @Override
    public Integer call() {
        SupplyChain supplyChain = new SupplyChain(options);
        ReleaseKeys keys = supplyChain.keys();
        List<AffectedReleases.Hit> hits = AffectedReleases.find(supplyChain.ledger().entries(keys.promotion().publicKey()),
                DeniedComponents.of(List.of(component)), manifest -> new CosignStore(supplyChain.registry(manifest)), keys.release().publicKey());
        if (hits.isEmpty()) {
            System.out.println("no promoted release contains " + component);
        }
        hits.forEach(hit -> System.out.println(hit.release() + "  " + hit.environment() + (hit.runningNow() ? " (running now)" : "")
                + (hit.revoked() ? " (revoked)" : "") + "  " + hit.image() + "  " + hit.component()));
        return 0;
    }
}
