package com.mangaassist.release.cli;

import com.mangaassist.release.promotion.PromotionGate;
import com.mangaassist.release.signing.Signer;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.SignedReleaseManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code release promote}: the fail-closed gate. Every refusal is printed; any one of them stops
 * the promotion and nothing is written. A promotion appends a signed line, with the manifest, to
 * the ledger and writes the signed manifest that {@code cdk deploy -c release=…} accepts.
 */
@Command(name = "promote", mixinStandardHelpOptions = true, description = "Verifies a release's evidence and records its promotion.")
final class PromoteCommand implements Callable<Integer> {

    @Option(names = "--manifest", required = true, description = "the release manifest")
    Path manifestFile;

    @Option(names = "--to", required = true, description = "the environment to promote to")
    String environment;

    @Option(names = "--waiver", description = "a signed waiver (release waive) for a denied component or a finding; repeatable")
    List<Path> waivers = List.of();

    @Option(names = "--approval", description = "a signed approval (release approve); repeatable")
    List<Path> approvals = List.of();

    @Option(names = "--out", description = "where the signed manifest goes (default: <manifest>.<env>.signed.json)")
    Path out;

    @Mixin
    SupplyChainOptions options;

    @Override
    public Integer call() throws Exception {
        ReleaseManifest manifest = Manifests.read(manifestFile);
        if (!manifest.environment().equals(environment)) {
            throw new IllegalArgumentException("release " + manifest.release() + " was built for " + manifest.environment() + ", not " + environment);
        }
        SupplyChain supplyChain = new SupplyChain(options);
        PromotionGate.Decision decision = supplyChain.gate(manifest).decide(new PromotionGate.PromotionRequest(manifest, environment,
                signedFiles(waivers), signedFiles(approvals), true));
        decision.waived().forEach(note -> System.out.println("waived: " + note));
        if (!decision.promotable()) {
            decision.refusals().forEach(reason -> System.err.println("refused: " + reason));
            throw new IllegalStateException("release " + manifest.release() + " not promoted to " + environment + " (" + decision.refusals().size()
                    + " refusal(s)): " + decision.refusals().get(0));
        }
        Path signed = out != null ? out : signedBeside(manifestFile, environment);
        Signer promotion = supplyChain.keys().promotion();
        byte[] deployable = SignedReleaseManifest.sign(manifest, promotion::sign);
        // The ledger first: a deployable manifest never exists without its ledger line (rollback and triage read the ledger).
        supplyChain.ledger().promoted(manifest, environment, Instant.now(), promotion);
        writeAtomically(signed, deployable);
        System.out.println("promoted " + manifest.release() + " to " + environment + " (ledger " + options.ledger + ")");
        System.out.println("deploy: cdk deploy -c env=" + environment + " -c release=" + signed + " -c releaseKey=" + supplyChain.keys().deployKeyHint());
        return 0;
    }

    private static List<PromotionGate.SignedFile> signedFiles(List<Path> files) throws java.io.IOException {
        List<PromotionGate.SignedFile> signed = new ArrayList<>();
        for (Path file : files) {
            signed.add(new PromotionGate.SignedFile(file.toString(), Files.readAllBytes(file)));
        }
        return signed;
    }

    static void writeAtomically(Path target, byte[] content) throws java.io.IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, target.getFileName().toString(), ".partial");
        Files.write(partial, content);
        Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static Path signedBeside(Path manifest, String environment) {
        String name = manifest.getFileName().toString();
        return manifest.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + "." + environment + ".signed.json");
    }
}
