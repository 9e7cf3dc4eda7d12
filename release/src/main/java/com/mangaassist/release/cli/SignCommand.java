package com.mangaassist.release.cli;

import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.shared.release.ReleaseManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code release sign}: signs each image of a release (cosign simple signing, stored as
 * {@code sha256-<hex>.sig}) and attaches its build provenance (SLSA v1) and its CycloneDX SBOM,
 * each an in-toto statement in a DSSE envelope, as {@code sha256-<hex>.att}.
 */
@Command(name = "sign", mixinStandardHelpOptions = true, description = "Signs a release's images and attests their provenance.")
final class SignCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, description = "the release manifest release build wrote")
    Path manifestFile;

    @Option(names = "--orchestrator-sbom", description = "CycloneDX JSON of the orchestrator image (default: fargate-orchestrator/target/bom.json)")
    Path orchestratorSbom;

    @Option(names = "--gpu-endpoint-sbom", description = "CycloneDX JSON of the gpu-endpoint image (default: gpu-endpoint/target/bom.json)")
    Path gpuEndpointSbom;

    @Mixin
    SupplyChainOptions options;

    @Override
    public Integer call() throws Exception {
        ReleaseManifest manifest = SupplyChainOptions.read(manifestFile);
        PemKeySigner signer = options.signer();
        CosignStore store = new CosignStore(SupplyChainOptions.registryOf(manifest));
        Path root = options.repo != null ? options.repo : Path.of("").toAbsolutePath();
        Map<ReleaseManifest.ImageRef, Path> sboms = Map.of(
                manifest.images().orchestrator(), orchestratorSbom != null ? orchestratorSbom : root.resolve("fargate-orchestrator/target/bom.json"),
                manifest.images().gpuEndpoint(), gpuEndpointSbom != null ? gpuEndpointSbom : root.resolve("gpu-endpoint/target/bom.json"));
        for (ReleaseManifest.ImageRef image : java.util.List.of(manifest.images().orchestrator(), manifest.images().gpuEndpoint())) {
            byte[] sbom = Files.readAllBytes(sboms.get(image)); // the module's CycloneDX SBOM (mvn verify writes it); no SBOM, no signature
            store.sign(image.name(), image.repository(), image.digest(), signer);
            store.attest(image.name(), image.digest(), SbomStatement.PREDICATE_TYPE, SbomStatement.statement(image.repository(), image.digest(), sbom),
                    signer);
            store.attest(image.name(), image.digest(), Provenance.PREDICATE_TYPE, Provenance.statement(image.repository(), image.digest(),
                    options.builder, manifest.sourceCommit(), manifest.environment(), manifest.release(), Map.of()), signer);
            System.out.println("signed " + image.reference() + " (" + CosignStore.tagFor(image.digest(), "sig") + ", "
                    + CosignStore.tagFor(image.digest(), "att") + ")");
        }
        return 0;
    }
}
