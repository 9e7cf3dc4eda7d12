package com.mangaassist.release.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.release.cli.ReleaseCli;
import com.mangaassist.release.git.SourceCommit;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.releasecontract.ReleaseManifestCodec;
import com.mangaassist.releasecontract.SignedReleaseManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The release CLI end to end on the local registry: keygen, sign, promote, diff, revoke, rollback, and a truncated manifest. */
class PromotionCliTest extends SupplyChainFixture {

    @Test
    void cli_keygenSignPromoteDiffRevokeRollback_endToEndOnTheLocalRegistry() throws Exception {
        String head = SourceCommit.of(ServiceProcess.reactorRoot()).sha();
        Path key = dir.resolve("keys/release");
        Path ledger = dir.resolve("ledger.jsonl");
        String[] common = {"--key", key.toString(), "--ledger", ledger.toString(), "--repo", ServiceProcess.reactorRoot().toString(),
                "--artifacts-dir", dir.resolve("artifacts").toString(), "--signer-endpoint", signerService.endpoint().toString()};
        assertThat(ReleaseCli.run("keygen", "--out", key.toString())).isZero();
        Path oldSbom = Files.write(dir.resolve("old-bom.json"), bom("2.24.3"));
        Path newSbom = Files.write(dir.resolve("new-bom.json"), bom("2.25.0"));
        Path reports = dir.resolve("reports/module/target/surefire-reports/TEST-com.example.RoutingTest.xml");
        Files.createDirectories(reports.getParent());
        Files.write(reports, resource("/com/mangaassist/release/evidence/reports/module-a/surefire-reports/TEST-com.example.RoutingTest.xml"));
        Path older = write(pushRelease("20261201T100000Z-" + head.substring(0, 7), head));
        Path newer = write(pushRelease("20261201T110000Z-" + head.substring(0, 7), head));

        assertThat(ReleaseCli.run(concat(new String[] {"promote", "--manifest", newer.toString(), "--to", "dev"}, common)))
                .as("an unsigned release is refused").isEqualTo(1);
        assertThat(Files.exists(ledger)).as("and nothing is recorded").isFalse();
        for (Path manifest : List.of(older, newer)) {
            Path sbom = manifest.equals(older) ? oldSbom : newSbom;
            assertThat(ReleaseCli.run(concat(new String[] {"sign", "--manifest", manifest.toString(), "--orchestrator-sbom", sbom.toString(),
                    "--gpu-endpoint-sbom", sbom.toString(), "--test-reports", dir.resolve("reports").toString()}, common))).isZero();
            assertThat(ReleaseCli.run(concat(new String[] {"promote", "--manifest", manifest.toString(), "--to", "dev"}, common))).isZero();
        }
        Path signed = newer.resolveSibling(newer.getFileName().toString().replace(".json", ".dev.signed.json"));
        assertThat(SignedReleaseManifest.read(Files.readAllBytes(signed), PemKeys.readPublic(dir.resolve("keys/release.pub"))))
                .as("promote writes the manifest cdk deploy accepts").isInstanceOf(SignedReleaseManifest.Verified.class);

        Path diff = dir.resolve("diff.json");
        assertThat(ReleaseCli.run(concat(new String[] {"diff", "--manifest", newer.toString(), "--against", older.toString(), "--json",
                diff.toString()}, common))).isZero();
        assertThat(Files.readString(diff)).contains("\"component\" : \"org.apache.logging.log4j:log4j-core\"", "\"from\" : \"2.24.3\"",
                "\"to\" : \"2.25.0\"");
        assertThat(ReleaseCli.run(concat(new String[] {"affected", "--component", "org.apache.logging.log4j:log4j-core"}, common))).isZero();
        Path target = dir.resolve("rollback.json");
        assertThat(ReleaseCli.run(concat(new String[] {"rollback", "--env", "dev", "--out", target.toString()}, common))).isZero();
        SignedReleaseManifest.Read rolledBack = SignedReleaseManifest.read(Files.readAllBytes(target), PemKeys.readPublic(dir.resolve("keys/release.pub")));
        assertThat(new ReleaseManifestCodec().decode(((SignedReleaseManifest.Verified) rolledBack).manifestBytes()).value())
                .isEqualTo(readManifest(older));

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
}
