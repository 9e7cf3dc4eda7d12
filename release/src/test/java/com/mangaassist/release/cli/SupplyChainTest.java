package com.mangaassist.release.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.release.artifacts.LocalArtifactStore;
import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.promotion.PromotionPolicy;
import com.mangaassist.releasecontract.ReleaseManifest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the supply-chain commands are built from their options: the registry, the artifact store, the policy, and where Signer is asked. */
class SupplyChainTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    private static SupplyChain supplyChain(String... args) {
        return new SupplyChain(CommandLine.populateCommand(new SupplyChainOptions(), args));
    }

    private static ReleaseManifest manifest(String account, String registry) {
        ReleaseManifest.ObjectRef object = new ReleaseManifest.ObjectRef("mangaassist-dev-artifacts-local", "lambda-overflow/x.zip", "c".repeat(64), null);
        return new ReleaseManifest("20261202T120000Z-0123456", "dev", COMMIT, Instant.parse("2026-12-02T12:00:00Z"), account, "us-east-1",
                new ReleaseManifest.Images(new ReleaseManifest.ImageRef(registry + "/mangaassist/orchestrator", "sha256:" + "a".repeat(64)),
                        new ReleaseManifest.ImageRef(registry + "/mangaassist/gpu-endpoint", "sha256:" + "b".repeat(64))),
                new ReleaseManifest.Artifacts(object, object, new ReleaseManifest.CodeSigning("job-1", "MangaAssist_dev_overflow", object)));
    }

    private static JsonNode bomWithLog4j(String version) {
        ObjectNode bom = JSON.createObjectNode().put("bomFormat", "CycloneDX");
        bom.putArray("components").addObject().put("group", "org.apache.logging.log4j").put("name", "log4j-core").put("version", version);
        return bom;
    }

    @Test
    void policy_withoutOptions_isTheStandardOne() {
        PromotionPolicy policy = supplyChain().policy();
        PromotionPolicy standard = PromotionPolicy.standard(SupplyChainOptions.BUILDER, commit -> true);

        assertThat(policy.builderId()).isEqualTo(standard.builderId());
        assertThat(policy.denied().violations(bomWithLog4j("2.14.1"))).as("Log4Shell denied").hasSize(1);
        assertThat(policy.denied().violations(bomWithLog4j("2.24.3"))).isEmpty();
        assertThat(policy.refuseAtOrAbove()).isEqualTo(standard.refuseAtOrAbove());
        assertThat(policy.scanRequiredFor()).isEqualTo(standard.scanRequiredFor());
        assertThat(policy.requiredTests()).isEqualTo(standard.requiredTests());
        assertThat(policy.approvalRequiredFor()).isEqualTo(standard.approvalRequiredFor());
        assertThat(policy.maxScanAge()).isEqualTo(standard.maxScanAge());
        assertThat(policy.requiredEval()).isEqualTo(standard.requiredEval());
    }

    @Test
    void policy_takesEachOptionsValue() {
        PromotionPolicy policy = supplyChain("--builder", "https://ci.example.com/b", "--refuse-severity", "CRITICAL", "--scan-required-for", "prod,staging",
                "--require-tests", "com.mangaassist.it.faults.", "--approval-required-for", "prod,staging", "--max-scan-age-days", "3",
                "--require-eval", "en=0.75,ja=0.70").policy();

        assertThat(policy.builderId()).isEqualTo("https://ci.example.com/b");
        assertThat(policy.refuseAtOrAbove()).isEqualTo(ScanReport.Severity.CRITICAL);
        assertThat(policy.scanRequiredFor()).containsExactlyInAnyOrder("prod", "staging");
        assertThat(policy.requiredTests()).containsExactly("com.mangaassist.it.faults.");
        assertThat(policy.approvalRequiredFor()).isEqualTo(Set.of("prod", "staging"));
        assertThat(policy.maxScanAge()).isEqualTo(Duration.ofDays(3));
        assertThat(policy.requiredEval()).isEqualTo(Map.of("en", 0.75, "ja", 0.70));
    }

    @Test
    void policy_whenADenyRuleIsMalformed_refusesIt() {
        assertThatThrownBy(() -> supplyChain("--deny", "log4j").policy()).hasMessageContaining("not a component rule").hasMessageContaining("log4j");
    }

    @Test
    void gate_whenTheSignerStandInDoesNotMatchWhereTheReleaseWasBuilt_refusesBeforeReachingAnything() {
        assertThatThrownBy(() -> supplyChain("--key", dir.resolve("absent").toString()).gate(manifest("local", "127.0.0.1:5000")))
                .hasMessage("release 20261202T120000Z-0123456 is local: name the Signer stand-in with --signer-endpoint");
        assertThatThrownBy(() -> supplyChain("--signer-endpoint", "http://127.0.0.1:4599").gate(manifest("123456789012", "127.0.0.1:5000")))
                .hasMessage("--signer-endpoint names a local stand-in; release 20261202T120000Z-0123456 is asked about from AWS Signer");
    }

    @Test
    void registryAndArtifacts_forALocalRelease_areTheLoopbackRegistryAndTheDirectory() {
        SupplyChain supplyChain = supplyChain("--artifacts-dir", dir.toString());
        ReleaseManifest local = manifest("local", "127.0.0.1:5000");

        assertThat(supplyChain.registry(local).host()).isEqualTo("127.0.0.1:5000");
        assertThat(supplyChain.artifacts(local)).isInstanceOf(LocalArtifactStore.class)
                .satisfies(store -> assertThat(store.bucket()).isEqualTo("mangaassist-dev-artifacts-local"));
    }

    @Test
    void repository_withoutRepo_isTheWorkingDirectory() {
        assertThat(supplyChain().repository()).isEqualTo(Path.of("").toAbsolutePath());
        assertThat(supplyChain("--repo", dir.toString()).repository()).isEqualTo(dir);
    }
}
