package com.mangaassist.release.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.release.promotion.ReleaseLedger;
import com.mangaassist.release.sbom.SbomDiff;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code release diff}: what a release changes in each image's dependencies against a previous
 * release (a manifest, or what an environment runs according to the ledger), read from the
 * signed SBOM attestations of both: added, removed and version-changed components, as a table
 * and, with {@code --json}, as JSON.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, description = "Dependency diff of a release's signed SBOMs against a previous release.")
final class DiffCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, description = "the new release")
    Path manifestFile;

    @ArgGroup(multiplicity = "1")
    Against against;

    static final class Against {
        @Option(names = "--against", description = "the previous release's manifest")
        Path manifest;

        @Option(names = "--against-env", description = "the release the ledger says this environment runs")
        String environment;
    }

    @Option(names = "--json", description = "also write the diff as JSON here")
    Path json;

    @Mixin
    SupplyChainOptions options;

    @Override
    public Integer call() throws Exception {
        SupplyChain supplyChain = new SupplyChain(options);
        ReleaseManifest current = Manifests.read(manifestFile);
        PublicKey key = supplyChain.keys().release().publicKey();
        ReleaseManifest previous = against.manifest != null ? Manifests.read(against.manifest) : running(supplyChain, against.environment);
        ObjectNode report = new ObjectMapper().createObjectNode().put("from", previous.release()).put("to", current.release());
        for (Map.Entry<String, List<ReleaseManifest.ImageRef>> image : List.of(
                Map.entry("orchestrator", List.of(previous.images().orchestrator(), current.images().orchestrator())),
                Map.entry("gpu-endpoint", List.of(previous.images().gpuEndpoint(), current.images().gpuEndpoint())))) {
            SbomDiff diff = SbomDiff.between(sbom(supplyChain, previous, image.getValue().get(0), key),
                    sbom(supplyChain, current, image.getValue().get(1), key));
            System.out.println(image.getKey() + ": " + previous.release() + " → " + current.release());
            System.out.print(diff.table());
            report.set(image.getKey(), new ObjectMapper().readTree(diff.json()));
        }
        if (json != null) {
            Files.write(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        }
        return 0;
    }

    private static ReleaseManifest running(SupplyChain supplyChain, String environment) {
        return supplyChain.ledger().entries(supplyChain.keys().promotion().publicKey()).stream().filter(e -> e.promotion() && environment.equals(e.environment()))
                .reduce((a, b) -> b).map(ReleaseLedger.Entry::manifest)
                .orElseThrow(() -> new IllegalStateException("the ledger records no release promoted to " + environment));
    }

    private static JsonNode sbom(SupplyChain supplyChain, ReleaseManifest release, ReleaseManifest.ImageRef image, PublicKey key) {
        List<JsonNode> statements = new CosignStore(supplyChain.registry(release))
                .verifiedStatements(image.name(), image.digest(), SbomStatement.PREDICATE_TYPE, key).stream()
                .filter(statement -> SbomStatement.boundTo(statement, image.digest())).toList();
        if (statements.isEmpty()) {
            throw new IllegalStateException(image.reference() + " of " + release.release() + " has no SBOM attestation signed by the trusted key");
        }
        return statements.get(statements.size() - 1).path("predicate");
    }
}
