package com.mangaassist.localaws.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.ResourceNotFoundException;
import software.amazon.awssdk.services.signer.model.SigningStatus;
import software.amazon.awssdk.services.signer.model.ValidationException;

/** The Signer stand-in through the AWS SDK's own Signer client, and through botocore. */
class LocalSignerTest {

    private static final String BUCKET = "mangaassist-dev-artifacts-local";
    private static final String PROFILE = "MangaAssist_dev_overflow";

    @TempDir
    Path root;
    private LocalBuckets buckets;
    private LocalSigner signer;
    private SignerClient client;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(root.resolve(BUCKET));
        buckets = new LocalBuckets(root);
        signer = LocalSigner.start(buckets, 0, Duration.ofMillis(100));
        signer.putSigningProfile(PROFILE, LocalSigner.LAMBDA_PLATFORM);
        client = SignerClient.builder().endpointOverride(signer.endpoint()).region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    @AfterEach
    void stop() {
        client.close();
        signer.close();
    }

    @Test
    void startSigningJob_whenTheZipIsAtItsVersion_writesASignedZipBesideItThatTheJobRecords() throws Exception {
        String version = buckets.write(BUCKET, "lambda-overflow/abc.zip", zip("handler.class", "bytes"));

        String jobId = start("lambda-overflow/abc.zip", version, "token-1");
        DescribeSigningJobResponse job = awaitFinished(jobId);

        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.profileName()).isEqualTo(PROFILE);
        assertThat(job.platformId()).isEqualTo(LocalSigner.LAMBDA_PLATFORM);
        assertThat(job.source().s3().version()).isEqualTo(version);
        assertThat(job.signedObject().s3().key()).isEqualTo("lambda-overflow/signed/" + jobId + ".zip");
        assertThat(job.signatureExpiresAt()).isAfter(java.time.Instant.now().plus(Duration.ofDays(365)));
        byte[] signed = Files.readAllBytes(root.resolve(BUCKET).resolve(job.signedObject().s3().key()));
        assertThat(SignedZips.signedByStandIn(signed)).isTrue();
    }

    @Test
    void startSigningJob_whenTheSameRequestTokenComesAgain_answersTheSameJob() throws Exception {
        String version = buckets.write(BUCKET, "lambda-overflow/abc.zip", zip("handler.class", "bytes"));

        assertThat(start("lambda-overflow/abc.zip", version, "token-1")).isEqualTo(start("lambda-overflow/abc.zip", version, "token-1"));
    }

    @Test
    void startSigningJob_whenATokenComesBackWithOtherParameters_answersTheFirstJobAsSignerDoes() throws Exception {
        String first = buckets.write(BUCKET, "lambda-overflow/a.zip", zip("handler.class", "a"));
        String second = buckets.write(BUCKET, "lambda-overflow/b.zip", zip("handler.class", "b"));

        String jobId = start("lambda-overflow/a.zip", first, "token-1");

        assertThat(start("lambda-overflow/b.zip", second, "token-1")).isEqualTo(jobId);
        assertThat(awaitFinished(jobId).source().s3().key()).isEqualTo("lambda-overflow/a.zip");
    }

    @Test
    void startSigningJob_whenTheDestinationBucketIsMissingOrNotABucketName_isRefused() throws Exception {
        String version = buckets.write(BUCKET, "lambda-overflow/abc.zip", zip("handler.class", "bytes"));
        for (String destination : new String[] {"no-such-bucket", ".."}) {
            assertThatThrownBy(() -> client.startSigningJob(b -> b.profileName(PROFILE).clientRequestToken("t-" + destination)
                    .source(s -> s.s3(s3 -> s3.bucketName(BUCKET).key("lambda-overflow/abc.zip").version(version)))
                    .destination(d -> d.s3(s3 -> s3.bucketName(destination))))).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void revokeSigningProfile_whenRevoked_isReportedAndRefusesNewJobs() throws Exception {
        String version = buckets.write(BUCKET, "lambda-overflow/abc.zip", zip("handler.class", "bytes"));

        client.revokeSigningProfile(b -> b.profileName(PROFILE).profileVersion("any").reason("drill").effectiveTime(java.time.Instant.now()));

        assertThat(client.getSigningProfile(b -> b.profileName(PROFILE)).statusAsString()).isEqualTo("Revoked");
        assertThatThrownBy(() -> start("lambda-overflow/abc.zip", version, "token-after")).isInstanceOf(ValidationException.class);
    }

    @Test
    void startSigningJob_whenTheVersionIsNotTheObjectsVersion_failsTheJobSayingSo() throws Exception {
        buckets.write(BUCKET, "lambda-overflow/abc.zip", zip("handler.class", "bytes"));

        DescribeSigningJobResponse job = awaitFinished(start("lambda-overflow/abc.zip", "v" + "0".repeat(32), "token-1"));

        assertThat(job.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(job.statusReason()).contains("does not exist");
    }

    @Test
    void startSigningJob_whenTheZipIsAlreadySignedOrMalformed_failsTheJobAsSignerDoes() throws Exception {
        String version = buckets.write(BUCKET, "lambda-overflow/abc.zip", zip("handler.class", "bytes"));
        DescribeSigningJobResponse first = awaitFinished(start("lambda-overflow/abc.zip", version, "token-1"));
        String signedKey = first.signedObject().s3().key();
        String signedVersion = LocalBuckets.versionOf(root.resolve(BUCKET).resolve(signedKey));
        String garbageVersion = buckets.write(BUCKET, "lambda-overflow/garbage.zip", "not a zip".getBytes(StandardCharsets.UTF_8));

        assertThat(awaitFinished(start(signedKey, signedVersion, "token-2")).statusReason()).contains("already has a signature");
        assertThat(awaitFinished(start("lambda-overflow/garbage.zip", garbageVersion, "token-3")).statusReason()).contains("not a zip");
    }

    @Test
    void startSigningJob_whenTheProfileOrVersionIsMissing_isRefusedAsSignerRefuses() {
        assertThatThrownBy(() -> client.startSigningJob(b -> b.profileName("Nobody_profile").clientRequestToken("t")
                .source(s -> s.s3(s3 -> s3.bucketName(BUCKET).key("k").version("v1"))).destination(d -> d.s3(s3 -> s3.bucketName(BUCKET)))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.startSigningJob(b -> b.profileName(PROFILE).clientRequestToken("t")
                .source(s -> s.s3(s3 -> s3.bucketName(BUCKET).key("k"))).destination(d -> d.s3(s3 -> s3.bucketName(BUCKET)))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("versioned");
    }

    @Test
    void revokeSignature_whenAJobSucceeded_recordsTheRevocation() throws Exception {
        String version = buckets.write(BUCKET, "lambda-overflow/abc.zip", zip("handler.class", "bytes"));
        String jobId = start("lambda-overflow/abc.zip", version, "token-1");
        awaitFinished(jobId);

        client.revokeSignature(b -> b.jobId(jobId).reason("key compromise drill"));

        assertThat(client.describeSigningJob(b -> b.jobId(jobId)).revocationRecord().reason()).isEqualTo("key compromise drill");
    }

    @Test
    void independentClient_botocore_startsAndDescribesAJob() throws Exception {
        String python = List.of("/usr/bin/python3", "/usr/local/bin/python3").stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(python != null && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/botocore")),
                "no python3 with Debian's botocore");
        String version = buckets.write(BUCKET, "lambda-overflow/abc.zip", zip("handler.class", "bytes"));
        Path script = root.resolve("signer-botocore.py");
        try (InputStream in = LocalSignerTest.class.getResourceAsStream("signer-botocore.py")) {
            Files.write(script, in.readAllBytes());
        }

        Process process = new ProcessBuilder(python, script.toString(), signer.endpoint().toString(), BUCKET, "lambda-overflow/abc.zip", version, PROFILE)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("ok start-signing-job", "ok describe-signing-job Succeeded", "ok get-signing-profile", "ok unknown job refused");
    }

    private String start(String key, String version, String token) {
        return client.startSigningJob(b -> b.profileName(PROFILE).clientRequestToken(token)
                .source(s -> s.s3(s3 -> s3.bucketName(BUCKET).key(key).version(version)))
                .destination(d -> d.s3(s3 -> s3.bucketName(BUCKET).prefix("lambda-overflow/signed/")))).jobId();
    }

    private DescribeSigningJobResponse awaitFinished(String jobId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> client.describeSigningJob(b -> b.jobId(jobId)),
                job -> job.status() != SigningStatus.IN_PROGRESS);
    }

    private static byte[] zip(String name, String content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
