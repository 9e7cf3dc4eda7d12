package com.mangaassist.release.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.docker.DockerEnvironment;
import com.mangaassist.localaws.ecr.EcrRegistryStandIn;
import com.mangaassist.localaws.ecr.TagMutability;
import com.mangaassist.localaws.signer.LocalBuckets;
import com.mangaassist.localaws.signer.LocalSigner;
import com.mangaassist.localaws.signer.SignedZips;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.release.artifacts.Sha256;
import com.mangaassist.release.cli.ReleaseCli;
import com.mangaassist.release.docker.BaseImages;
import com.mangaassist.releasecontract.SigningProfiles;
import java.time.Duration;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.release.registry.RegistryAuth;
import com.mangaassist.release.testing.TestModels;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.ReleaseManifestCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code release build --local} end to end against the real Docker engine and the local OCI
 * registry behind the ECR stand-in (immutable tags enforced as the artifacts stack sets them), with
 * the Signer stand-in signing the Lambda zip: both images built from the packaged modules on bases
 * made from Debian packages, pushed, and a manifest whose every digest and hash resolves to what
 * was stored; then signed, attested and promoted.
 */
class ReleaseBuildTest {

    @TempDir
    Path dir;

    @Test
    void build_local_pushesBothImagesAndWritesAManifestEveryReferenceOfWhichResolves() throws Exception {
        DockerEnvironment.require();
        Path root = ServiceProcess.reactorRoot();
        Path model = TestModels.write(dir, "llama-test");
        Path artifacts = dir.resolve("artifacts");
        Path out = dir.resolve("manifest.json");
        Files.createDirectories(artifacts.resolve("mangaassist-dev-artifacts-local"));
        try (EcrRegistryStandIn ecr = EcrRegistryStandIn.start(DockerEnvironment.REGISTRY, 0);
             LocalSigner signer = LocalSigner.start(new LocalBuckets(artifacts), 0, Duration.ofMillis(200))) {
            // What the artifacts stack creates: repositories immutable except cosign's tags, and the environment's Signer profile.
            for (String repository : List.of("mangaassist-dev-orchestrator", "mangaassist-dev-gpu-endpoint", BaseImages.DEBIAN_REPOSITORY,
                    BaseImages.JDK_REPOSITORY)) {
                ecr.createRepository(repository, TagMutability.immutableExceptSignatures());
            }
            signer.putSigningProfile(SigningProfiles.overflowFunction("dev"), LocalSigner.LAMBDA_PLATFORM);
            buildSignAndPromote(root, model, artifacts, out, ecr, signer);
        }
    }

    private void buildSignAndPromote(Path root, Path model, Path artifacts, Path out, EcrRegistryStandIn ecr, LocalSigner signer) throws Exception {
        int code = ReleaseCli.run("build", "--local", "--env", "dev", "--registry", ecr.host(), "--artifacts-dir", artifacts.toString(),
                "--signer-endpoint", signer.endpoint().toString(), "--model-dir", model.toString(), "--out", out.toString(),
                "--repository-root", root.toString(), "--allow-dirty");

        assertThat(code).isZero();
        ReleaseManifest manifest = new ReleaseManifestCodec().decode(Files.readAllBytes(out)).value();
        OciRegistry registry = new OciRegistry(ecr.host(), RegistryAuth.anonymous());
        for (ReleaseManifest.ImageRef image : new ReleaseManifest.ImageRef[] {manifest.images().orchestrator(), manifest.images().gpuEndpoint()}) {
            assertThat(registry.digestOf(image.name(), manifest.release())).contains(image.digest());
            assertThat(registry.manifest(image.name(), image.digest())).hasValueSatisfying(m -> assertThat(m.digest()).isEqualTo(image.digest()));
        }
        assertThat(manifest.images().orchestrator().name()).isEqualTo("mangaassist-dev-orchestrator");
        for (ReleaseManifest.ObjectRef object : new ReleaseManifest.ObjectRef[] {manifest.artifacts().lambdaSigning().source(),
                manifest.artifacts().model()}) {
            Path stored = artifacts.resolve(object.bucket()).resolve(object.key());
            assertThat(Sha256.of(stored)).isEqualTo(object.sha256());
            assertThat(object.key()).contains(object.sha256());
        }
        Path signedZip = artifacts.resolve(manifest.artifacts().lambda().bucket()).resolve(manifest.artifacts().lambda().key());
        assertThat(manifest.artifacts().lambda().key()).as("the function deploys what Signer wrote").startsWith("lambda-overflow/signed/")
                .contains(manifest.artifacts().lambdaSigning().jobId());
        assertThat(Sha256.of(signedZip)).isEqualTo(manifest.artifacts().lambda().sha256());
        assertThat(SignedZips.signedByStandIn(Files.readAllBytes(signedZip))).isTrue();
        assertThat(manifest.sourceCommit()).matches("[0-9a-f]{40}");

        // The real images through the supply chain: signed with SBOMs of their Java dependencies and of the OS packages read from
        // their own layers, provenance naming the bases, this reactor's test reports, then through the gate.
        Path key = dir.resolve("keys/release");
        Path ledger = dir.resolve("ledger.jsonl");
        String[] common = {"--key", key.toString(), "--repo", root.toString(), "--artifacts-dir", artifacts.toString(), "--ledger", ledger.toString(),
                "--signer-endpoint", signer.endpoint().toString()};
        assertThat(ReleaseCli.run("keygen", "--out", key.toString())).isZero();
        assertThat(ReleaseCli.run(concat(new String[] {"sign", "--manifest", out.toString()}, common))).isZero();
        assertThat(ReleaseCli.run(concat(new String[] {"promote", "--manifest", out.toString(), "--to", "dev"}, common))).isZero();
        CosignStore store = new CosignStore(registry);
        JsonNode orchestratorSbom = sbom(store, manifest.images().orchestrator(), key);
        JsonNode gpuSbom = sbom(store, manifest.images().gpuEndpoint(), key);
        assertThat(components(orchestratorSbom)).as("the scratch image records the Debian packages its runtime came from")
                .contains("deb:libc6", "deb:zlib1g", "deb:busybox-static", "deb:ca-certificates", "platform:java-runtime",
                        "maven:com.mangaassist:fargate-orchestrator");
        assertThat(components(gpuSbom)).contains("deb:libc6", "deb:bash", "operating-system:debian", "maven:com.mangaassist:gpu-endpoint");
        System.out.printf("image SBOMs: orchestrator %d components, gpu-endpoint %d%n", orchestratorSbom.path("components").size(),
                gpuSbom.path("components").size());
        assertThat(Files.readString(ledger)).contains("\"action\":\"promoted\"", manifest.release());
        assertThat(ecr.manifestWrites()).as("every tag write landed, none refused for immutability")
                .allMatch(EcrRegistryStandIn.ManifestWrite::stored)
                .extracting(EcrRegistryStandIn.ManifestWrite::tag).contains(manifest.release(),
                        com.mangaassist.releasecontract.SignatureTags.tagFor(manifest.images().orchestrator().digest(), "sig"),
                        com.mangaassist.releasecontract.SignatureTags.tagFor(manifest.images().orchestrator().digest(), "att"),
                        com.mangaassist.releasecontract.SignatureTags.tagFor(manifest.images().gpuEndpoint().digest(), "att"));
    }

    private static JsonNode sbom(CosignStore store, ReleaseManifest.ImageRef image, Path key) {
        return store.verifiedStatements(image.name(), image.digest(), SbomStatement.PREDICATE_TYPE, PemKeys.readPublic(key.resolveSibling("release.pub")))
                .get(0).path("predicate");
    }

    /** Each component as kind:name ({@code deb:libc6}, {@code maven:group:name}, {@code platform:java-runtime}). */
    private static java.util.List<String> components(JsonNode sbom) {
        java.util.List<String> names = new java.util.ArrayList<>();
        sbom.path("components").forEach(c -> {
            String purl = c.path("purl").asText("");
            names.add(purl.startsWith("pkg:deb/") ? "deb:" + c.path("name").asText()
                    : purl.startsWith("pkg:maven/") ? "maven:" + c.path("group").asText() + ":" + c.path("name").asText()
                    : c.path("type").asText() + ":" + c.path("name").asText());
        });
        return names;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
