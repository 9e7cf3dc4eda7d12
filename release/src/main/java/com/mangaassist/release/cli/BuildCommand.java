package com.mangaassist.release.cli;

import com.mangaassist.release.artifacts.ArtifactStore;
import com.mangaassist.release.artifacts.LocalArtifactStore;
import com.mangaassist.release.artifacts.S3ArtifactStore;
import com.mangaassist.release.build.BuildRecord;
import com.mangaassist.release.build.ReleaseBuilder;
import com.mangaassist.release.build.ReleaseInputs;
import com.mangaassist.release.codesigning.AwsSignerJobs;
import com.mangaassist.release.codesigning.LambdaCodeSigner;
import com.mangaassist.release.docker.BaseImages;
import com.mangaassist.release.docker.DockerCli;
import com.mangaassist.release.docker.ImageBases;
import com.mangaassist.release.docker.ImageBuilder;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.registry.RegistryAuth;
import com.mangaassist.releasecontract.ReleaseManifestCodec;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code release build}: both images built on pinned bases and pushed, the Lambda zip and the
 * model tarball stored, the zip signed by AWS Signer with the environment's profile (the artifacts
 * stack's), the manifest written. In AWS: ECR and the artifacts stack's bucket, the
 * production bases given by digest. Locally ({@code --local}): the local registry, a directory
 * for the bucket, and bases built from Debian packages.
 */
@Command(name = "build", mixinStandardHelpOptions = true, description = "Builds a release and writes its manifest.")
final class BuildCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, description = "the environment the release is for (dev, prod, ...)")
    String environment;

    @Option(names = "--registry", required = true, description = "ECR (<account>.dkr.ecr.<region>.amazonaws.com) or the local registry (127.0.0.1:5000)")
    String registry;

    @Option(names = "--bucket", description = "the artifacts stack's bucket (AWS)")
    String bucket;

    @Option(names = "--artifacts-dir", description = "a directory standing in for the bucket (with --local)")
    Path artifactsDir;

    @Option(names = "--account", defaultValue = "local", description = "the AWS account (12 digits) or local")
    String account;

    @Option(names = "--region", defaultValue = "us-east-1", description = "the AWS region")
    String region;

    @Option(names = "--local", description = "build on local bases made from Debian packages (no registry beyond the local one)")
    boolean local;

    @Option(names = "--jdk-image", description = "the JDK base by digest (AWS builds; gpu-endpoint/docker/pin-base-images.sh resolves it)")
    String jdkImage;

    @Option(names = "--gpu-runtime-image", description = "the gpu-endpoint's runtime base by digest (vLLM; AWS builds)")
    String gpuRuntimeImage;

    @Option(names = "--model-dir", required = true, description = "the model directory: config.json, *.safetensors, tokenizer, adapters/<name>/")
    Path modelDir;

    @Option(names = "--large-model-dir", description = "the large tier's model directory, laid out as --model-dir; without it the release "
            + "deploys only with -c largeTier=off (ADR 0039)")
    Path largeModelDir;

    @Option(names = "--out", defaultValue = "target/release/manifest.json", description = "where the manifest goes")
    Path out;

    @Option(names = "--repository-root", defaultValue = ".", description = "the packaged checkout")
    Path repositoryRoot;

    @Option(names = "--signer-endpoint", description = "with --local: the Signer stand-in's URL (local-aws LocalSignerMain; it is not AWS Signer)")
    URI signerEndpoint;

    @Option(names = "--signing-timeout-seconds", defaultValue = "600", description = "how long to wait for the Signer job")
    long signingTimeoutSeconds;

    @Option(names = "--allow-dirty", description = "build from uncommitted changes (local experiments only)")
    boolean allowDirty;

    @Override
    public Integer call() throws Exception {
        Path root = repositoryRoot.toAbsolutePath().normalize();
        Path work = root.resolve("target/release/work");
        DockerCli docker = DockerCli.detect();
        if (!docker.engineAvailable()) {
            throw new IllegalStateException("no Docker engine answers: start dockerd (see .ci/run)");
        }
        ArtifactStore store;
        ImageBases bases;
        OciRegistry oci;
        if (local) {
            if (artifactsDir == null) {
                throw new IllegalArgumentException("--local needs --artifacts-dir (the directory standing in for the bucket)");
            }
            oci = new OciRegistry(registry, RegistryAuth.anonymous());
            String mirror = System.getenv().getOrDefault("MANGAASSIST_DEBIAN_MIRROR", "http://deb.debian.org/debian");
            bases = ImageBases.local(new BaseImages(docker, oci, root, work, mirror).ensure());
            if (signerEndpoint == null) {
                throw new IllegalArgumentException("--local needs --signer-endpoint: start the Signer stand-in (release/README.md, "
                        + "LocalSignerMain), since Lambda takes only signed code");
            }
            store = new LocalArtifactStore(artifactsDir, "mangaassist-" + environment + "-artifacts-local");
        } else {
            if (bucket == null || jdkImage == null || gpuRuntimeImage == null) {
                throw new IllegalArgumentException("an AWS release needs --bucket, --jdk-image and --gpu-runtime-image (or --local)");
            }
            Region awsRegion = Region.of(region.toLowerCase(Locale.ROOT));
            try (EcrClient ecr = EcrClient.builder().region(awsRegion).httpClient(UrlConnectionHttpClient.create()).build()) {
                RegistryAuth auth = RegistryAuth.ecr(ecr);
                oci = new OciRegistry(registry, auth);
                docker.login(registry, auth);
            }
            bases = new ImageBases(jdkImage, gpuRuntimeImage, false);
            store = new S3ArtifactStore(S3Client.builder().region(awsRegion).httpClient(UrlConnectionHttpClient.create()).build(), bucket);
        }
        if (!local && signerEndpoint != null) {
            throw new IllegalArgumentException("--signer-endpoint names the local stand-in: an AWS release is signed by AWS Signer");
        }
        LambdaCodeSigner codeSigner = new LambdaCodeSigner(AwsSignerJobs.connect(region, signerEndpoint), store, Clock.systemUTC(),
                Duration.ofSeconds(signingTimeoutSeconds));
        ReleaseBuilder.ReleaseResult result = new ReleaseBuilder(new ImageBuilder(docker, root), codeSigner, Clock.systemUTC())
                .build(new ReleaseInputs(environment, account, region, oci.host(), bases, store, modelDir, root, work, allowDirty, largeModelDir));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, new ReleaseManifestCodec().encode(result.manifest()));
        BuildRecord.of(bases).write(BuildRecord.besides(out));
        System.out.println("release " + result.manifest().release() + " (" + result.manifest().sourceCommit() + ")");
        result.images().forEach(image -> System.out.printf(Locale.ROOT, "  %-13s %s  %.1f MB, built in %.1f s%n", image.image().name().toLowerCase(Locale.ROOT),
                image.reference(), image.sizeBytes() / 1e6, image.buildTime().toMillis() / 1000.0));
        System.out.println("  lambda        " + result.manifest().artifacts().lambda().s3Url() + " (signed by Signer job "
                + result.manifest().artifacts().lambdaSigning().jobId() + ", profile " + result.manifest().artifacts().lambdaSigning().profileName() + ")");
        System.out.println("  model         " + result.manifest().artifacts().model().s3Url() + " (adapters " + result.adapters() + ")");
        if (result.manifest().artifacts().largeModel() != null) {
            System.out.println("  large model   " + result.manifest().artifacts().largeModel().s3Url());
        }
        System.out.println("manifest: " + out);
        return 0;
    }
}
