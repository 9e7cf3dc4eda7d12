package com.mangaassist.release.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.localaws.docker.DockerEnvironment;
import com.mangaassist.localaws.process.NodePackages;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.release.cli.ReleaseCli;
import com.mangaassist.release.git.SourceCommit;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.registry.RegistryAuth;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.shared.release.ReleaseManifest;
import com.mangaassist.shared.release.ReleaseManifestCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing, the fail-closed promotion gate, the ledger and rollback against the real local OCI
 * registry, on small images pushed for each test (real manifests and blobs; the release build's
 * own images are exercised by ReleaseBuildTest). Each refusal the gate makes is a test.
 */
class SupplyChainTest {

    private static final String BUILDER = "https://github.com/mangaassist/release/build";
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;
    private OciRegistry registry;
    private CosignStore store;
    private PemKeySigner signer;
    private String prefix;

    @BeforeEach
    void registry() {
        DockerEnvironment.require();
        registry = new OciRegistry(DockerEnvironment.REGISTRY, RegistryAuth.anonymous());
        store = new CosignStore(registry);
        signer = new PemKeySigner(PemKeys.generate());
        prefix = "signtest" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void refusals_whenEveryImageIsSignedAndAttested_isEmpty() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);

        assertThat(gate(signer).refusals(release)).isEmpty();
    }

    @Test
    void refusals_whenAnImageIsUnsigned_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);

        assertThat(gate(signer).refusals(release)).contains("orchestrator: " + release.images().orchestrator().digest() + " is not signed")
                .anySatisfy(r -> assertThat(r).contains("no provenance attestation"));
    }

    @Test
    void refusals_whenSignedByAnotherKey_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, new PemKeySigner(PemKeys.generate()), BUILDER);

        assertThat(gate(signer).refusals(release)).anySatisfy(r -> assertThat(r).contains("signed, but not by the trusted key"))
                .anySatisfy(r -> assertThat(r).contains("no provenance attestation signed by the trusted key"));
    }

    @Test
    void refusals_whenTheTagWasRePushedWithOtherContent_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        pushImage(release.images().orchestrator().name(), release.release(), "other content");

        assertThat(gate(signer).refusals(release)).anySatisfy(r -> assertThat(r).contains("orchestrator: tag", "re-pushed with other content"));
    }

    @Test
    void refusals_whenTheSbomListsADeniedComponent_namesIt() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);
        ReleaseManifest.ImageRef image = release.images().gpuEndpoint();
        store.attest(image.name(), image.digest(), SbomStatement.PREDICATE_TYPE, SbomStatement.statement(image.repository(), image.digest(),
                bom("2.14.1")), signer);

        assertThat(gate(signer).refusals(release)).containsExactly(
                "gpu-endpoint: denied component org.apache.logging.log4j:log4j-core@2.14.1 (" + DeniedComponents.LOG4SHELL + ")");
    }

    @Test
    void refusals_whenTheSbomIsMissing_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        for (ReleaseManifest.ImageRef image : List.of(release.images().orchestrator(), release.images().gpuEndpoint())) {
            store.sign(image.name(), image.repository(), image.digest(), signer);
            store.attest(image.name(), image.digest(), Provenance.PREDICATE_TYPE, Provenance.statement(image.repository(), image.digest(), BUILDER,
                    release.sourceCommit(), release.environment(), release.release(), Map.of()), signer);
        }

        assertThat(gate(signer).refusals(release)).allSatisfy(r -> assertThat(r).contains("no SBOM attestation")).hasSize(2);
    }

    @Test
    void refusals_whenProvenanceNamesAnotherBuilder_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, "https://ci.example.com/someone-elses-runner");

        assertThat(gate(signer).refusals(release)).anySatisfy(r -> assertThat(r).contains("built by https://ci.example.com/someone-elses-runner"));
    }

    @Test
    void refusals_whenTheCommitIsNotOnTheReleaseBranch_saysSo() {
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, signer, BUILDER);

        assertThat(new PromotionGate(registry, signer.publicKey(), BUILDER, commit -> false).refusals(release))
                .containsExactly("commit " + COMMIT + " is not on the release branch");
    }

    @Test
    void signatures_verifyWithTheSigstoreProjectsOwnLibraryAndFailWithAnotherKey() throws Exception {
        Path script = NodePackages.installed(SupplyChainTest.class, "sigstore", List.of("verify-with-sigstore.mjs"), "@sigstore/core");
        java.security.KeyPair pair = PemKeys.generate();
        PemKeys.write(pair, dir.resolve("trusted"));
        PemKeys.write(PemKeys.generate(), dir.resolve("other"));
        ReleaseManifest release = pushRelease("20261202T120000Z-0123456", COMMIT);
        signAndAttest(release, new PemKeySigner(pair), BUILDER);
        ReleaseManifest.ImageRef image = release.images().orchestrator();

        String trusted = node(script, image, dir.resolve("trusted.pub"));
        String other = node(script, image, dir.resolve("other.pub"));

        assertThat(trusted).contains("\"signature\":true", "\"attestations\":2", Provenance.PREDICATE_TYPE, SbomStatement.PREDICATE_TYPE, "\"ok\":true");
        assertThat(other).contains("\"signature\":false", "\"attestations\":0", "\"ok\":false");
    }

    private static String node(Path script, ReleaseManifest.ImageRef image, Path key) throws Exception {
        Process node = new ProcessBuilder("node", "verify-with-sigstore.mjs", image.registry(), image.name(), image.digest(), key.toString())
                .directory(script.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void rollback_passesOverRevokedAndTamperedReleasesAndPicksTheNewestThatStillVerifies() {
        ReleaseLedger ledger = new ReleaseLedger(dir.resolve("ledger.jsonl"));
        ReleaseManifest first = pushRelease("20261201T100000Z-0123456", COMMIT);
        ReleaseManifest second = pushRelease("20261201T110000Z-0123456", COMMIT);
        ReleaseManifest third = pushRelease("20261201T120000Z-0123456", COMMIT);
        ReleaseManifest current = pushRelease("20261201T130000Z-0123456", COMMIT);
        for (ReleaseManifest release : List.of(first, second, third, current)) {
            signAndAttest(release, signer, BUILDER);
            ledger.promoted(release, "dev", Instant.now(), signer);
        }
        ledger.revoked(third.release(), "CVE in a dependency", Instant.now(), signer);
        pushImage(second.images().gpuEndpoint().name(), second.release(), "tampered after promotion");

        RollbackPlanner.Plan plan = new RollbackPlanner(gate(signer)).plan(ledger.entries(signer.publicKey()), "dev");

        assertThat(plan.current()).isEqualTo(current.release());
        assertThat(plan.release()).hasValueSatisfying(target -> assertThat(target.release()).isEqualTo(first.release()));
        assertThat(plan.passedOver()).satisfiesExactly(r -> assertThat(r).isEqualTo(third.release() + ": revoked"),
                r -> assertThat(r).startsWith(second.release() + ": gpu-endpoint: tag"));
    }

    @Test
    void affected_listsTheReleasesWhoseSignedSbomsHoldTheComponentAndWhatEachEnvironmentRunsNow() {
        ReleaseLedger ledger = new ReleaseLedger(dir.resolve("ledger.jsonl"));
        ReleaseManifest vulnerable = pushRelease("20261201T100000Z-0123456", COMMIT);
        ReleaseManifest fixed = pushRelease("20261201T110000Z-0123456", COMMIT);
        signAndAttest(vulnerable, signer, BUILDER);
        ReleaseManifest.ImageRef gpu = vulnerable.images().gpuEndpoint();
        store.attest(gpu.name(), gpu.digest(), SbomStatement.PREDICATE_TYPE, SbomStatement.statement(gpu.repository(), gpu.digest(), bom("2.14.1")),
                signer);
        signAndAttest(fixed, signer, BUILDER);
        ledger.promoted(vulnerable, "prod", Instant.now(), signer);
        ledger.promoted(vulnerable, "dev", Instant.now(), signer);
        ledger.promoted(fixed, "dev", Instant.now(), signer);

        List<AffectedReleases.Hit> log4shell = AffectedReleases.find(ledger.entries(signer.publicKey()),
                DeniedComponents.of(List.of(DeniedComponents.LOG4SHELL)), manifest -> store, signer.publicKey());
        List<AffectedReleases.Hit> anyLog4j = AffectedReleases.find(ledger.entries(signer.publicKey()),
                DeniedComponents.of(List.of("org.apache.logging.log4j:log4j-core")), manifest -> store, signer.publicKey());

        assertThat(log4shell).extracting(AffectedReleases.Hit::release, AffectedReleases.Hit::environment, AffectedReleases.Hit::runningNow)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(vulnerable.release(), "prod", true),
                        org.assertj.core.groups.Tuple.tuple(vulnerable.release(), "dev", false));
        assertThat(log4shell).allSatisfy(hit -> assertThat(hit.image()).isEqualTo(gpu.reference()));
        assertThat(anyLog4j).hasSize(6); // both images of the three promotions
    }

    @Test
    void entries_whenALineWasEdited_refusesTheLedgerNamingTheLine() throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        ReleaseLedger ledger = new ReleaseLedger(file);
        ReleaseManifest release = pushRelease("20261201T100000Z-0123456", COMMIT);
        ledger.promoted(release, "dev", Instant.now(), signer);
        ledger.revoked(release.release(), "mistake", Instant.now(), signer);
        Files.writeString(file, Files.readString(file).replace("mistake", "nothing"));

        assertThatThrownBy(() -> ledger.entries(signer.publicKey())).isInstanceOf(ReleaseLedger.LedgerException.class)
                .hasMessageContaining("line 2").hasMessageContaining("not signed by the trusted key");
    }

    @Test
    void cli_keygenSignPromoteRevokeRollback_endToEndOnTheLocalRegistry() throws Exception {
        String head = SourceCommit.of(ServiceProcess.reactorRoot()).sha();
        Path key = dir.resolve("keys/release");
        Path ledger = dir.resolve("ledger.jsonl");
        String[] common = {"--key", key.toString(), "--ledger", ledger.toString(), "--repo", ServiceProcess.reactorRoot().toString()};
        assertThat(ReleaseCli.run("keygen", "--out", key.toString())).isZero();
        Path sbom = dir.resolve("bom.json");
        Files.write(sbom, bom("2.24.3"));
        Path older = write(pushRelease("20261201T100000Z-" + head.substring(0, 7), head));
        Path newer = write(pushRelease("20261201T110000Z-" + head.substring(0, 7), head));

        assertThat(ReleaseCli.run(concat(new String[] {"promote", "--manifest", newer.toString(), "--to", "dev"}, common)))
                .as("an unsigned release is refused").isEqualTo(1);
        assertThat(Files.exists(ledger)).as("and nothing is recorded").isFalse();
        for (Path manifest : List.of(older, newer)) {
            assertThat(ReleaseCli.run(concat(new String[] {"sign", "--manifest", manifest.toString(), "--orchestrator-sbom", sbom.toString(),
                    "--gpu-endpoint-sbom", sbom.toString()}, common))).isZero();
            assertThat(ReleaseCli.run(concat(new String[] {"promote", "--manifest", manifest.toString(), "--to", "dev"}, common))).isZero();
        }
        assertThat(ReleaseCli.run(concat(new String[] {"affected", "--component", "org.apache.logging.log4j:log4j-core"}, common))).isZero();
        Path target = dir.resolve("rollback.json");
        assertThat(ReleaseCli.run(concat(new String[] {"rollback", "--env", "dev", "--out", target.toString()}, common))).isZero();
        assertThat(new ReleaseManifestCodec().decode(Files.readAllBytes(target)).value()).isEqualTo(readManifest(older));

        String olderId = readManifest(older).release();
        assertThat(ReleaseCli.run(concat(new String[] {"revoke", "--release", olderId, "--reason", "test"}, common))).isZero();
        assertThat(ReleaseCli.run(concat(new String[] {"rollback", "--env", "dev", "--out", target.toString()}, common)))
                .as("the only earlier release is revoked: nothing to roll back to").isEqualTo(1);
    }

    @Test
    void cli_promote_whenTheManifestIsTruncated_failsWithOneLine() throws Exception {
        Path key = dir.resolve("release");
        assertThat(ReleaseCli.run("keygen", "--out", key.toString())).isZero();
        Path manifest = write(pushRelease("20261201T100000Z-0123456", COMMIT));
        Files.writeString(manifest, Files.readString(manifest).substring(0, 40));

        assertThat(ReleaseCli.run("promote", "--manifest", manifest.toString(), "--to", "dev", "--key", key.toString(),
                "--ledger", dir.resolve("l.jsonl").toString())).isEqualTo(1);
    }

    private PromotionGate gate(PemKeySigner trusted) {
        return new PromotionGate(registry, trusted.publicKey(), BUILDER, commit -> true);
    }

    private void signAndAttest(ReleaseManifest release, PemKeySigner by, String builder) {
        for (ReleaseManifest.ImageRef image : List.of(release.images().orchestrator(), release.images().gpuEndpoint())) {
            store.sign(image.name(), image.repository(), image.digest(), by);
            store.attest(image.name(), image.digest(), Provenance.PREDICATE_TYPE, Provenance.statement(image.repository(), image.digest(), builder,
                    release.sourceCommit(), release.environment(), release.release(), Map.of()), by);
            store.attest(image.name(), image.digest(), SbomStatement.PREDICATE_TYPE, SbomStatement.statement(image.repository(), image.digest(),
                    bom("2.24.3")), by);
        }
    }

    /** A CycloneDX document listing log4j-core at {@code log4jVersion}. */
    private static byte[] bom(String log4jVersion) {
        return ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":\"library\",\"group\":\"org.apache.logging.log4j\","
                + "\"name\":\"log4j-core\",\"version\":\"" + log4jVersion + "\"},{\"type\":\"library\",\"group\":\"com.fasterxml.jackson.core\","
                + "\"name\":\"jackson-databind\",\"version\":\"2.20.1\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    /** Two small images pushed under the release's tag, and the manifest naming them. */
    private ReleaseManifest pushRelease(String id, String commit) {
        String orchestrator = prefix + "/orchestrator";
        String gpu = prefix + "/gpu-endpoint";
        String host = DockerEnvironment.REGISTRY;
        ReleaseManifest.ObjectRef object = new ReleaseManifest.ObjectRef("mangaassist-dev-artifacts-local", "lambda/" + id + ".zip", "a".repeat(64), null);
        return new ReleaseManifest(id, "dev", commit, Instant.now().truncatedTo(ChronoUnit.SECONDS), "local", "us-east-1",
                new ReleaseManifest.Images(new ReleaseManifest.ImageRef(host + "/" + orchestrator, pushImage(orchestrator, id, "orchestrator " + id)),
                        new ReleaseManifest.ImageRef(host + "/" + gpu, pushImage(gpu, id, "gpu " + id))),
                new ReleaseManifest.Artifacts(object, object));
    }

    private String pushImage(String name, String tag, String content) {
        byte[] layer = content.getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + OciRegistry.sha256(layer)
                + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(name, config);
        String layerDigest = registry.pushBlob(name, layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":"
                + "[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":" + layer.length + ",\"digest\":\"" + layerDigest + "\"}]}";
        return registry.pushManifest(name, tag, "application/vnd.oci.image.manifest.v1+json", manifest.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(ReleaseManifest manifest) throws Exception {
        Path file = dir.resolve(manifest.release() + ".json");
        Files.write(file, new ReleaseManifestCodec().encode(manifest));
        return file;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static ReleaseManifest readManifest(Path file) throws Exception {
        return new ReleaseManifestCodec().decode(Files.readAllBytes(file)).value();
    }
}
