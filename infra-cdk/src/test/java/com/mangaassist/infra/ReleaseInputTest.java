package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.infra.release.InvalidReleaseException;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.ReleaseManifest.Artifacts;
import com.mangaassist.releasecontract.ReleaseManifest.ImageRef;
import com.mangaassist.releasecontract.ReleaseManifest.Images;
import com.mangaassist.releasecontract.ReleaseManifest.ObjectRef;
import com.mangaassist.releasecontract.ReleaseManifestCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** The platform deploys only a release manifest built for it, and refuses every other one with one sentence. */
class ReleaseInputTest {

    @TempDir
    Path dir;

    private final ReleaseManifest fixture = new ReleaseManifestCodec().decode(read(SynthesizedPlatform.fixture("manifest-dev.json"))).value();

    @Test
    void platform_whenManifestFileMissing_refusesNamingThePath() {
        Path missing = dir.resolve("nowhere/manifest.json");

        assertThatThrownBy(() -> buildWith(missing))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist").hasMessageContaining("release promote");
    }

    @Test
    void platform_whenManifestUnsigned_refusesAsNotPromoted() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.put("release", SynthesizedPlatform.fixture("manifest-dev.json").toString());

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("is not signed").hasMessageContaining("release promote");
    }

    @Test
    void platform_whenManifestSignedByAnotherKey_refuses() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.put("release", TestReleaseKey.signed(SynthesizedPlatform.fixture("manifest-dev.json"), TestReleaseKey.generate()).toString());

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("signature does not verify with the release key");
    }

    @Test
    void platform_whenSignedManifestEditedAfterSigning_refuses() throws IOException {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        Path signed = Path.of((String) context.get("release"));
        String envelope = Files.readString(signed);
        String payload = new String(java.util.Base64.getDecoder().decode(envelope.replaceAll(".*\"payload\":\"([^\"]+)\".*", "$1")),
                java.nio.charset.StandardCharsets.UTF_8);
        String edited = java.util.Base64.getEncoder().encodeToString(payload.replace(SynthesizedPlatform.ORCHESTRATOR_DIGEST,
                "sha256:" + "e".repeat(64)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(signed, envelope.replaceAll("\"payload\":\"[^\"]+\"", "\"payload\":\"" + edited + "\""));

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("edited after promotion");
    }

    @Test
    void platform_whenReleaseKeyMissing_refusesNamingTheKey() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.remove("releaseKey");

        assertThatThrownBy(() -> SynthesizedPlatform.build(context))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("-c releaseKey=");
    }

    @Test
    void platform_whenManifestTruncated_refusesAsNotAManifest() throws IOException {
        byte[] whole = read(SynthesizedPlatform.fixture("manifest-dev.json"));
        Path truncated = Files.write(dir.resolve("truncated.json"), Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> buildWith(truncated))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageStartingWith("Release manifest ").hasMessageContaining(" is not a valid release manifest: not valid JSON");
    }

    @Test
    void platform_whenImageNamedByTag_refusesNamingTheField() throws IOException {
        String text = Files.readString(SynthesizedPlatform.fixture("manifest-dev.json"))
                .replace(SynthesizedPlatform.ORCHESTRATOR_DIGEST, "latest");
        Path tagged = Files.writeString(dir.resolve("tagged.json"), text);

        assertThatThrownBy(() -> buildWith(tagged))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("at field").hasMessageContaining("digest").hasMessageContaining("never a tag");
    }

    @Test
    void platform_whenManifestBuiltForAnotherEnvironment_refuses() {
        Path prod = SynthesizedPlatform.fixture("manifest-prod.json");

        assertThatThrownBy(() -> buildWith(prod))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("built for environment 'prod', not 'dev'");
    }

    @Test
    void platform_whenManifestOfAnotherAccount_refuses() {
        Path other = write(m -> new ReleaseManifest(m.release(), m.environment(), m.sourceCommit(), m.createdAt(), "210987654321",
                m.region(), m.images(), m.artifacts()));

        assertThatThrownBy(() -> buildWith(other))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("is for account 210987654321 in ap-northeast-1, but the stack deploys to account 123456789012");
    }

    @Test
    void platform_whenManifestOfAnotherRegion_refuses() {
        Path other = write(m -> new ReleaseManifest(m.release(), m.environment(), m.sourceCommit(), m.createdAt(), m.account(),
                "us-east-1", m.images(), m.artifacts()));

        assertThatThrownBy(() -> buildWith(other))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("in us-east-1, but the stack deploys to account 123456789012 in ap-northeast-1");
    }

    @Test
    void platform_whenImageInALocalRegistry_refuses() {
        Path local = write(m -> withImages(m, new Images(new ImageRef("127.0.0.1:5000/mangaassist-orchestrator",
                SynthesizedPlatform.ORCHESTRATOR_DIGEST), m.images().gpuEndpoint())));

        assertThatThrownBy(() -> buildWith(local))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("names the orchestrator image in 127.0.0.1:5000/mangaassist-orchestrator")
                .hasMessageContaining("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/mangaassist-dev-orchestrator");
    }

    @Test
    void platform_whenImageInAnotherRepositoryOfTheAccount_refuses() {
        Path other = write(m -> withImages(m, new Images(m.images().orchestrator(), new ImageRef(
                "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/somebody-else", SynthesizedPlatform.GPU_DIGEST))));

        assertThatThrownBy(() -> buildWith(other))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("gpuEndpoint image in 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/somebody-else");
    }

    @Test
    void platform_whenArtifactInAnotherBucket_refuses() {
        Path other = write(m -> withArtifacts(m, new Artifacts(m.artifacts().lambda(), new ObjectRef("someone-elses-bucket",
                m.artifacts().model().key(), m.artifacts().model().sha256(), m.artifacts().model().versionId()), m.artifacts().lambdaSigning())));

        assertThatThrownBy(() -> buildWith(other))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("keeps the model artifact in bucket someone-elses-bucket, not in the artifacts stack's bucket "
                        + "mangaassist-dev-artifacts-123456789012");
    }

    @Test
    void platform_whenLambdaZipHasNoVersion_refuses() {
        ObjectRef lambda = fixture.artifacts().lambda();
        Path unversioned = write(m -> withArtifacts(m, new Artifacts(new ObjectRef(lambda.bucket(), lambda.key(), lambda.sha256(), null),
                m.artifacts().model(), m.artifacts().lambdaSigning())));

        assertThatThrownBy(() -> buildWith(unversioned))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("lambda artifact without a versionId");
    }

    @Test
    void platform_whenModelKeyIsNotContentAddressed_refuses() {
        ObjectRef model = fixture.artifacts().model();
        Path moving = write(m -> withArtifacts(m, new Artifacts(m.artifacts().lambda(), new ObjectRef(model.bucket(),
                "models/latest.tar.gz", model.sha256(), model.versionId()), m.artifacts().lambdaSigning())));

        assertThatThrownBy(() -> buildWith(moving))
                .isInstanceOf(InvalidReleaseException.class)
                .hasMessageContaining("models/latest.tar.gz, which does not carry its sha256");
    }

    @Test
    void platform_whenNoReleaseGiven_isAnEmptyStackCarryingOneError() {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.remove("release");
        App app = new App(AppProps.builder().context(context).build());
        MangaAssistApp.Stacks stacks = MangaAssistApp.build(app);
        Stack placeholder = (Stack) app.getNode().findChild("MangaAssist-dev");

        List<SynthesisMessage> errors = Annotations.fromStack(placeholder).findError("*", Match.anyValue());

        assertThat(stacks.platform()).isEmpty();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).getEntry().getData().toString())
                .startsWith("MangaAssist-dev needs -c release=<signed manifest> written by `release promote`");
        assertThat(Template.fromStack(placeholder).toJSON().get("Resources")).isNull();
    }

    @Test
    void artifacts_whenNoReleaseAndNoAccount_synthesizesAloneWithoutErrors() {
        App app = new App(AppProps.builder().context(Map.of("env", "dev")).build());
        ArtifactsStack artifacts = MangaAssistApp.build(app).artifacts();

        Template template = Template.fromStack(artifacts);

        template.hasResourceProperties("AWS::S3::Bucket", Map.of("BucketName", Map.of("Fn::Join",
                List.of("", List.of("mangaassist-dev-artifacts-", Map.of("Ref", "AWS::AccountId"))))));
        assertThat(Annotations.fromStack(artifacts).findError("*", Match.anyValue())).isEmpty();
    }

    private MangaAssistApp.Stacks buildWith(Path manifest) {
        Map<String, Object> context = SynthesizedPlatform.context("dev");
        context.put("release", (Files.exists(manifest) ? TestReleaseKey.signed(manifest) : manifest).toString());
        return SynthesizedPlatform.build(context);
    }

    private Path write(UnaryOperator<ReleaseManifest> change) {
        try {
            return Files.write(Files.createTempFile(dir, "manifest", ".json"), new ReleaseManifestCodec().encode(change.apply(fixture)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ReleaseManifest withImages(ReleaseManifest m, Images images) {
        return new ReleaseManifest(m.release(), m.environment(), m.sourceCommit(), m.createdAt(), m.account(), m.region(), images, m.artifacts());
    }

    private static ReleaseManifest withArtifacts(ReleaseManifest m, Artifacts artifacts) {
        return new ReleaseManifest(m.release(), m.environment(), m.sourceCommit(), m.createdAt(), m.account(), m.region(), m.images(), artifacts);
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
