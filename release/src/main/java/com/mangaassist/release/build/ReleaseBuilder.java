package com.mangaassist.release.build;

import com.mangaassist.release.artifacts.ModelPackager;
import com.mangaassist.release.artifacts.Sha256;
import com.mangaassist.release.codesigning.LambdaCodeSigner;
import com.mangaassist.release.docker.ImageBuilder;
import com.mangaassist.release.docker.PlatformImage;
import com.mangaassist.release.git.SourceCommit;
import com.mangaassist.releasecontract.ReleaseManifest;
import com.mangaassist.releasecontract.SigningProfiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds one release from a packaged checkout: both images on their pinned bases, pushed, by
 * digest; the overflow function's zip and the model tarball in the artifact store under keys named
 * by their SHA-256, the zip then signed by AWS Signer (the signed object is what deploys); and the
 * manifest that names all of it. Nothing is rebuilt that {@code mvn
 * package} built: the images hold those jars, the zip is that zip.
 */
public final class ReleaseBuilder {

    private static final DateTimeFormatter RELEASE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final ImageBuilder images;
    private final LambdaCodeSigner codeSigner;
    private final Clock clock;

    /** @param codeSigner signs the overflow function's zip with the environment's Signer profile (Lambda refuses it unsigned) */
    public ReleaseBuilder(ImageBuilder images, LambdaCodeSigner codeSigner, Clock clock) {
        this.images = images;
        this.codeSigner = codeSigner;
        this.clock = clock;
    }

    public ReleaseResult build(ReleaseInputs inputs) {
        SourceCommit commit = SourceCommit.of(inputs.repositoryRoot());
        if (!commit.clean() && !inputs.allowDirty()) {
            throw new IllegalStateException("the working tree has uncommitted changes: a release is built from a commit (or pass --allow-dirty for a local try)");
        }
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String release = RELEASE_TIME.format(createdAt) + "-" + commit.shortSha();
        List<ImageBuilder.BuiltImage> built = new ArrayList<>();
        ReleaseManifest.ImageRef orchestrator = image(PlatformImage.ORCHESTRATOR, inputs, release, built);
        ReleaseManifest.ImageRef gpuEndpoint = image(PlatformImage.GPU_ENDPOINT, inputs, release, built);
        LambdaCodeSigner.Signed lambda = codeSigner.sign(lambdaZip(inputs), SigningProfiles.overflowFunction(inputs.environment()), release);
        Path tarball = inputs.workDir().resolve("model.tar.gz");
        List<String> adapters = packModel(inputs.modelDir(), inputs.workDir(), tarball);
        ReleaseManifest.ObjectRef model = store(inputs, "models/" + inputs.modelDir().toAbsolutePath().normalize().getFileName(), tarball, ".tar.gz");
        ReleaseManifest.ObjectRef largeModel = null;
        if (inputs.largeModelDir() != null) {
            // The same packing and checks as the small tier's (safetensors only, adapters), under its own content-addressed key.
            Path largeTarball = inputs.workDir().resolve("large-model.tar.gz");
            packModel(inputs.largeModelDir(), inputs.workDir(), largeTarball);
            largeModel = store(inputs, "models/" + inputs.largeModelDir().toAbsolutePath().normalize().getFileName(), largeTarball, ".tar.gz");
        }
        ReleaseManifest manifest = new ReleaseManifest(release, inputs.environment(), commit.sha(), createdAt, inputs.account(), inputs.region(),
                new ReleaseManifest.Images(orchestrator, gpuEndpoint),
                new ReleaseManifest.Artifacts(lambda.object(), model, lambda.signing(), largeModel));
        return new ReleaseResult(manifest, List.copyOf(built), adapters);
    }

    private ReleaseManifest.ImageRef image(PlatformImage image, ReleaseInputs inputs, String release, List<ImageBuilder.BuiltImage> built) {
        String repository = inputs.registryHost() + "/" + image.repositoryName(inputs.environment());
        ImageBuilder.BuiltImage result = images.build(image, inputs.bases(), repository, release);
        built.add(result);
        return new ReleaseManifest.ImageRef(repository, images.push(result));
    }

    private static ReleaseManifest.ObjectRef lambdaZip(ReleaseInputs inputs) {
        Path target = inputs.repositoryRoot().resolve("lambda-overflow/target");
        Path zip;
        try (Stream<Path> files = Files.list(target)) {
            zip = files.filter(p -> p.getFileName().toString().endsWith("-lambda.zip")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no lambda-overflow/target/*-lambda.zip: run `mvn -B -ntp package -DskipTests` first"));
        } catch (IOException e) {
            throw new IllegalStateException("lambda-overflow is not packaged: run `mvn -B -ntp package -DskipTests` first", e);
        }
        return store(inputs, "lambda-overflow", zip, ".zip");
    }

    private static List<String> packModel(Path modelDir, Path workDir, Path tarball) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ModelPackager.pack(modelDir, tarball);
    }

    /** Content-addressed: {@code <prefix>/<sha256><suffix>}, so a key never names two different files. */
    private static ReleaseManifest.ObjectRef store(ReleaseInputs inputs, String prefix, Path file, String suffix) {
        String sha256 = Sha256.of(file);
        return inputs.store().put(prefix + "/" + sha256 + suffix, file, sha256);
    }

    /**
     * A built release: its manifest, the images as built here (sizes, build times) and the model's adapters.
     */
    public record ReleaseResult(ReleaseManifest manifest, List<ImageBuilder.BuiltImage> images, List<String> adapters) {
    }
}
