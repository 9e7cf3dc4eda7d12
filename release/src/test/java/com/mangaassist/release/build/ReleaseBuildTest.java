package com.mangaassist.release.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.localaws.docker.DockerEnvironment;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.release.artifacts.Sha256;
import com.mangaassist.release.cli.ReleaseCli;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.registry.RegistryAuth;
import com.mangaassist.release.testing.TestModels;
import com.mangaassist.shared.release.ReleaseManifest;
import com.mangaassist.shared.release.ReleaseManifestCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code release build --local} end to end against the real Docker engine and the local OCI
 * registry: both images built from the packaged modules on bases made from Debian packages,
 * pushed, and a manifest whose every digest and hash resolves to what was stored.
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

        int code = ReleaseCli.run("build", "--local", "--env", "dev", "--registry", DockerEnvironment.REGISTRY, "--artifacts-dir", artifacts.toString(),
                "--model-dir", model.toString(), "--out", out.toString(), "--repository-root", root.toString(), "--allow-dirty");

        assertThat(code).isZero();
        ReleaseManifest manifest = new ReleaseManifestCodec().decode(Files.readAllBytes(out)).value();
        OciRegistry registry = new OciRegistry(DockerEnvironment.REGISTRY, RegistryAuth.anonymous());
        for (ReleaseManifest.ImageRef image : new ReleaseManifest.ImageRef[] {manifest.images().orchestrator(), manifest.images().gpuEndpoint()}) {
            assertThat(registry.digestOf(image.name(), manifest.release())).contains(image.digest());
            assertThat(registry.manifest(image.name(), image.digest())).hasValueSatisfying(m -> assertThat(m.digest()).isEqualTo(image.digest()));
        }
        assertThat(manifest.images().orchestrator().name()).isEqualTo("mangaassist-dev-orchestrator");
        for (ReleaseManifest.ObjectRef object : new ReleaseManifest.ObjectRef[] {manifest.artifacts().lambda(), manifest.artifacts().model()}) {
            Path stored = artifacts.resolve(object.bucket()).resolve(object.key());
            assertThat(Sha256.of(stored)).isEqualTo(object.sha256());
            assertThat(object.key()).contains(object.sha256());
        }
        assertThat(manifest.sourceCommit()).matches("[0-9a-f]{40}");

        // The real images through the supply chain: signed with their modules' CycloneDX SBOMs and provenance, then through the gate.
        Path key = dir.resolve("keys/release");
        Path ledger = dir.resolve("ledger.jsonl");
        assertThat(ReleaseCli.run("keygen", "--out", key.toString())).isZero();
        assertThat(ReleaseCli.run("sign", "--manifest", out.toString(), "--key", key.toString(), "--repo", root.toString())).isZero();
        assertThat(ReleaseCli.run("promote", "--manifest", out.toString(), "--to", "dev", "--key", key.toString(), "--ledger", ledger.toString(),
                "--repo", root.toString())).isZero();
        assertThat(Files.readString(ledger)).contains("\"action\":\"promoted\"", manifest.release());
    }
}
