package com.mangaassist.release.promotion;

import com.mangaassist.localaws.docker.DockerEnvironment;
import com.mangaassist.localaws.ecr.EcrRegistryStandIn;
import com.mangaassist.localaws.ecr.TagMutability;
import com.mangaassist.localaws.signer.LocalBuckets;
import com.mangaassist.localaws.signer.LocalSigner;
import com.mangaassist.release.artifacts.LocalArtifactStore;
import com.mangaassist.release.artifacts.Sha256;
import com.mangaassist.release.build.BuildRecord;
import com.mangaassist.release.codesigning.AwsSignerJobs;
import com.mangaassist.release.codesigning.LambdaCodeSigner;
import com.mangaassist.release.evidence.ReleaseAttester;
import com.mangaassist.release.evidence.ScanReport;
import com.mangaassist.release.evidence.TestResults;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.registry.RegistryAuth;
import com.mangaassist.release.signing.CosignStore;
import com.mangaassist.release.signing.PemKeySigner;
import com.mangaassist.release.signing.PemKeys;
import com.mangaassist.release.signing.Provenance;
import com.mangaassist.release.signing.SbomStatement;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.ReleaseManifestCodec;
import com.mangaassist.releasecontract.SigningProfiles;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing, the fail-closed promotion gate, the ledger and rollback against the real local OCI
 * registry behind the ECR stand-in (tags immutable except cosign's, as the artifacts stack makes
 * the repositories), with the Lambda zip signed through the Signer stand-in, on small images
 * pushed for each test (real manifests and blobs; the release build's own images are exercised by
 * ReleaseBuildTest). Each refusal the gate makes is a test, in the class of its concern; this is their common fixture.
 */
abstract class SupplyChainFixture {

    static final String BUILDER = "https://github.com/mangaassist/release/build";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String BUCKET = "mangaassist-dev-artifacts-local";

    static EcrRegistryStandIn ecr;

    @TempDir
    Path dir;
    OciRegistry registry;
    /** The plain registry behind the ECR stand-in: what only someone who deleted an image and pushed anew could write. */
    OciRegistry behindEcr;
    LocalSigner signerService;
    AwsSignerJobs signingJobs;
    CosignStore store;
    PemKeySigner signer;
    String prefix;
    LocalArtifactStore artifacts;

    @BeforeAll
    static void ecr() {
        DockerEnvironment.require();
        ecr = EcrRegistryStandIn.start(DockerEnvironment.REGISTRY, 0);
    }

    @AfterAll
    static void stopEcr() {
        if (ecr != null) {
            ecr.close();
        }
    }

    @BeforeEach
    void registry() throws Exception {
        prefix = "signtest" + UUID.randomUUID().toString().substring(0, 8);
        for (String image : List.of("/orchestrator", "/gpu-endpoint")) {
            ecr.createRepository(prefix + image, TagMutability.immutableExceptSignatures());
        }
        registry = new OciRegistry(ecr.host(), RegistryAuth.anonymous());
        behindEcr = new OciRegistry(DockerEnvironment.REGISTRY, RegistryAuth.anonymous());
        store = new CosignStore(registry);
        artifacts = new LocalArtifactStore(dir.resolve("artifacts"), BUCKET);
        Files.createDirectories(dir.resolve("artifacts").resolve(BUCKET));
        signerService = LocalSigner.start(new LocalBuckets(dir.resolve("artifacts")), 0, Duration.ofMillis(20));
        for (String environment : List.of("dev", "prod")) {
            signerService.putSigningProfile(SigningProfiles.overflowFunction(environment), LocalSigner.LAMBDA_PLATFORM);
        }
        signingJobs = AwsSignerJobs.connect("us-east-1", signerService.endpoint());
        signer = new PemKeySigner(PemKeys.generate());
    }

    @AfterEach
    void stopSigner() {
        if (signerService != null) {
            signerService.close();
        }
    }

    PromotionGate gate(PemKeySigner trusted) {
        return gate(trusted, PromotionPolicy.standard(BUILDER, commit -> true));
    }

    PromotionGate gate(PemKeySigner trusted, PromotionPolicy policy) {
        return new PromotionGate(registry, artifacts, signingJobs, TrustedKeys.single(trusted.publicKey()), policy, Clock.systemUTC());
    }

    void signAndAttest(ReleaseManifest release, PemKeySigner by, String builder) {
        signAndAttest(release, by, builder, null, passingTests(release.sourceCommit()));
    }

    void signAndAttest(ReleaseManifest release, PemKeySigner by, String builder, ScanReport scan, TestResults tests) {
        new ReleaseAttester(registry, artifacts, by, builder).attest(release, new ReleaseAttester.ImageEvidence(bom("2.24.3"), scan),
                new ReleaseAttester.ImageEvidence(bom("2.24.3"), scan), tests, parameters(release));
    }

    void attestBom(ReleaseManifest.ImageRef image, String log4jVersion) {
        store.attest(image.name(), image.digest(), SbomStatement.PREDICATE_TYPE, SbomStatement.statement(image.repository(), image.digest(),
                bom(log4jVersion)), signer);
    }

    static PromotionGate.PromotionRequest request(ReleaseManifest release, String environment, List<byte[]> waivers, List<byte[]> approvals) {
        return new PromotionGate.PromotionRequest(release, environment,
                waivers.stream().map(w -> new PromotionGate.SignedFile("waiver.json", w)).toList(),
                approvals.stream().map(a -> new PromotionGate.SignedFile("approval.json", a)).toList(), true);
    }

    static TestResults passingTests(String commit) {
        return new TestResults(commit, List.of("com.mangaassist.it.faults.FaultSuiteTest#killTask_midAnswer"), List.of(), List.of(), "0".repeat(64));
    }

    static Provenance.BuildParameters parameters(ReleaseManifest release) {
        return new Provenance.BuildParameters(release.environment(), release.release(),
                Map.of("jdk", DockerEnvironment.REGISTRY + "/mangaassist-base/jdk@sha256:" + "5".repeat(64)), "6".repeat(64));
    }

    /** A CycloneDX document listing log4j-core at {@code log4jVersion}. */
    static byte[] bom(String log4jVersion) {
        return ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":\"library\",\"group\":\"org.apache.logging.log4j\","
                + "\"name\":\"log4j-core\",\"version\":\"" + log4jVersion + "\"},{\"type\":\"library\",\"group\":\"com.fasterxml.jackson.core\","
                + "\"name\":\"jackson-databind\",\"version\":\"2.20.1\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    /** A Trivy report of {@code image} with one finding. */
    static ScanReport trivy(ReleaseManifest.ImageRef image, String id, String severity) {
        return trivy(image, id, severity, Instant.now());
    }

    static ScanReport trivy(ReleaseManifest.ImageRef image, String id, String severity, Instant createdAt) {
        return ScanReport.parse(("{\"SchemaVersion\":2,\"CreatedAt\":\"" + createdAt + "\",\"Metadata\":{\"RepoDigests\":[\"" + image.reference()
                + "\"]},\"Results\":[{\"Target\":\"x\","
                + "\"Vulnerabilities\":[{\"VulnerabilityID\":\"" + id + "\",\"PkgName\":\"libc6\",\"InstalledVersion\":\"2.36-9\",\"Severity\":\""
                + severity + "\"}]}]}").getBytes(StandardCharsets.UTF_8));
    }

    ReleaseManifest pushRelease(String id, String commit) {
        return pushRelease(id, commit, "dev");
    }

    /** Two small images (a real tar layer with a dpkg stanza) pushed under the release's tag, its two objects in the bucket, and the manifest. */
    ReleaseManifest pushRelease(String id, String commit, String environment) {
        String orchestrator = prefix + "/orchestrator";
        String gpu = prefix + "/gpu-endpoint";
        String host = ecr.host();
        LambdaCodeSigner.Signed lambda = codeSigner().sign(object("lambda-overflow", zip(id), ".zip"), SigningProfiles.overflowFunction(environment), id);
        return new ReleaseManifest(id, environment, commit, Instant.now().truncatedTo(ChronoUnit.SECONDS), "local", "us-east-1",
                new ReleaseManifest.Images(new ReleaseManifest.ImageRef(host + "/" + orchestrator, pushImage(registry, orchestrator, id, "orchestrator " + id)),
                        new ReleaseManifest.ImageRef(host + "/" + gpu, pushImage(registry, gpu, id, "gpu " + id))),
                new ReleaseManifest.Artifacts(lambda.object(), object("models/test", (id + " model").getBytes(StandardCharsets.UTF_8), ".tar.gz"),
                        lambda.signing()));
    }

    LambdaCodeSigner codeSigner() {
        return new LambdaCodeSigner(signingJobs, artifacts, Clock.systemUTC(), Duration.ofSeconds(30));
    }

    static ReleaseManifest withLambda(ReleaseManifest release, ReleaseManifest.ObjectRef lambda, ReleaseManifest.CodeSigning signing) {
        return new ReleaseManifest(release.release(), release.environment(), release.sourceCommit(), release.createdAt(), release.account(),
                release.region(), release.images(), new ReleaseManifest.Artifacts(lambda, release.artifacts().model(), signing));
    }

    /** A small zip with one entry: what Signer (and its stand-in) will sign. */
    static byte[] zip(String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("com/mangaassist/overflow/Handler.class"));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    ReleaseManifest.ObjectRef object(String prefix, byte[] content, String suffix) {
        try {
            Path file = Files.write(Files.createTempFile(dir, "object", suffix), content);
            String sha256 = Sha256.of(file);
            return artifacts.put(prefix + "/" + sha256 + suffix, file, sha256);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String pushImage(OciRegistry registry, String name, String tag, String content) {
        byte[] layer = tar(Map.of("content.txt", content, "var/lib/dpkg/status.d/libc6",
                "Package: libc6\nVersion: 2.36-9+deb12u9\nArchitecture: amd64\nSource: glibc\n", "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"));
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + OciRegistry.sha256(layer)
                + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(name, config);
        String layerDigest = registry.pushBlob(name, layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":"
                + "[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":" + layer.length + ",\"digest\":\"" + layerDigest + "\"}]}";
        return registry.pushManifest(name, tag, "application/vnd.oci.image.manifest.v1+json", manifest.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] tar(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> file : new java.util.TreeMap<>(files).entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] resource(String name) throws java.io.IOException {
        try (var in = SupplyChainFixture.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    Path write(ReleaseManifest manifest) throws Exception {
        Path file = dir.resolve(manifest.release() + ".json");
        Files.write(file, new ReleaseManifestCodec().encode(manifest));
        new BuildRecord(parameters(manifest).baseImages()).write(BuildRecord.besides(file));
        return file;
    }

    static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static ReleaseManifest readManifest(Path file) throws Exception {
        return new ReleaseManifestCodec().decode(Files.readAllBytes(file)).value();
    }
}
