package com.mangaassist.localaws.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.localaws.http.LoopbackHttpServer;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for AWS Signer on 127.0.0.1, for local releases and tests (never deployed; it is not
 * AWS Signer and its signatures mean nothing to Lambda). It speaks Signer's REST-JSON API as AWS
 * documents it, so the AWS SDK's {@code SignerClient} and the AWS CLI work against it unchanged:
 * {@code PutSigningProfile}, {@code GetSigningProfile}, {@code StartSigningJob} (idempotent by
 * client request token), {@code DescribeSigningJob} and {@code RevokeSignature}. Jobs run
 * asynchronously ({@code InProgress}, then {@code Succeeded} or {@code Failed} with a reason), so a
 * client must poll as it must against AWS. It refuses what Signer refuses: an unknown or revoked
 * profile, a missing source version (Signer needs a versioned bucket), a destination bucket that
 * does not exist; and fails the job for a zip that is empty, malformed or already signed.
 * Objects live in {@link LocalBuckets}; the signed zip is written to
 * {@code <destination prefix><jobId>.zip} — see {@link SignedZips} for what it holds.
 */
public final class LocalSigner implements AutoCloseable {

    public static final String LAMBDA_PLATFORM = "AWSLambda-SHA384-ECDSA";
    private static final Pattern PROFILE_NAME = Pattern.compile("[a-zA-Z0-9_]{2,64}");
    private static final Pattern JOB = Pattern.compile("^/signing-jobs/([^/]+)(/revoke)?$");
    private static final Pattern PROFILE = Pattern.compile("^/signing-profiles/([^/]+)(/revoke)?$");
    /** The platforms Signer offers that a profile may name (ListSigningPlatforms); anything else is refused as Signer refuses it. */
    private static final java.util.Set<String> PLATFORMS = java.util.Set.of(LAMBDA_PLATFORM, "Notation-OCI-SHA384-ECDSA",
            "AWSIoTDeviceManagement-SHA256-ECDSA", "AmazonFreeRTOS-TI-CC3220SF", "AmazonFreeRTOS-Default");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Signer's default signature validity: 135 months. */
    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(135L * 30);

    private final LocalBuckets buckets;
    private final Clock clock;
    private final Duration jobDuration;
    private final HttpServer server;
    private final java.util.concurrent.ExecutorService requests = Executors.newCachedThreadPool(DaemonThreads.named("local-signer"));
    private final ScheduledExecutorService jobs = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("local-signer-jobs"));
    private final Map<String, Profile> profiles = new ConcurrentHashMap<>();
    private final Map<String, Job> jobsById = new ConcurrentHashMap<>();
    private final Map<String, String> jobsByToken = new ConcurrentHashMap<>();
    private final KeyPair key;

    private LocalSigner(LocalBuckets buckets, int port, Clock clock, Duration jobDuration) throws IOException {
        this.buckets = buckets;
        this.clock = clock;
        this.jobDuration = jobDuration;
        this.key = newKey();
        this.server = LoopbackHttpServer.create(port, 64);
        server.setExecutor(requests);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param buckets     where source objects are read and signed ones written
     * @param port        0 for a free one
     * @param jobDuration how long a job stays {@code InProgress}
     */
    public static LocalSigner start(LocalBuckets buckets, int port, Duration jobDuration) {
        try {
            return new LocalSigner(buckets, port, Clock.systemUTC(), jobDuration);
        } catch (IOException e) {
            throw new UncheckedIOException("could not bind the Signer stand-in on port " + port, e);
        }
    }

    /** What a {@code SignerClient}'s endpoint override (or {@code aws --endpoint-url}) takes. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Creates (or replaces) a profile, as the artifacts stack's {@code AWS::Signer::SigningProfile} does. */
    public String putSigningProfile(String name, String platformId) {
        if (!PROFILE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("profile name must match [a-zA-Z0-9_]{2,64}: " + name);
        }
        if (!PLATFORMS.contains(platformId)) {
            throw new IllegalArgumentException("unknown signing platform " + platformId);
        }
        Profile profile = new Profile(name, platformId, randomVersion(), null);
        profiles.put(name, profile);
        return profile.version();
    }

    /** {@code RevokeSigningProfile}: Lambda stops accepting code this profile version signed. */
    public void revokeSigningProfile(String name, String reason) {
        profiles.computeIfPresent(name, (n, p) -> new Profile(p.name(), p.platformId(), p.version(), reason));
    }

    private void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (IOException | RuntimeException e) {
            try {
                error(exchange, 400, "ValidationException", "malformed request: " + e.getMessage());
            } catch (IOException | RuntimeException ignored) {
                // the response was already under way
            }
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Matcher job = JOB.matcher(path);
        Matcher profile = PROFILE.matcher(path);
        if ("POST".equals(method) && "/signing-jobs".equals(path)) {
            startSigningJob(exchange, JSON.readTree(exchange.getRequestBody()));
        } else if ("GET".equals(method) && job.matches() && job.group(2) == null) {
            describeSigningJob(exchange, job.group(1));
        } else if ("PUT".equals(method) && job.matches() && job.group(2) != null) {
            revokeSignature(exchange, job.group(1), JSON.readTree(exchange.getRequestBody()));
        } else if ("PUT".equals(method) && profile.matches() && profile.group(2) != null) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            if (!profiles.containsKey(profile.group(1))) {
                error(exchange, 404, "ResourceNotFoundException", "signing profile " + profile.group(1) + " does not exist");
                return;
            }
            revokeSigningProfile(profile.group(1), body.path("reason").asText("revoked"));
            exchange.sendResponseHeaders(200, -1);
        } else if ("PUT".equals(method) && profile.matches()) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String name = profile.group(1);
            if (!PROFILE_NAME.matcher(name).matches() || !PLATFORMS.contains(body.path("platformId").asText(""))) {
                error(exchange, 400, "ValidationException", "profileName must match [a-zA-Z0-9_]{2,64} and platformId must be a Signer platform");
                return;
            }
            String version = putSigningProfile(name, body.path("platformId").asText());
            String arn = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/" + name;
            reply(exchange, 200, JSON.createObjectNode().put("arn", arn).put("profileVersion", version).put("profileVersionArn", arn + "/" + version));
        } else if ("GET".equals(method) && profile.matches() && profile.group(2) == null) {
            getSigningProfile(exchange, profile.group(1));
        } else {
            error(exchange, 404, "ResourceNotFoundException", "no such operation: " + method + " " + path);
        }
    }

    private void startSigningJob(HttpExchange exchange, JsonNode request) throws IOException {
        JsonNode source = request.path("source").path("s3");
        JsonNode destination = request.path("destination").path("s3");
        String profileName = request.path("profileName").asText("");
        String token = request.path("clientRequestToken").asText("");
        if (source.path("bucketName").asText("").isEmpty() || source.path("key").asText("").isEmpty() || source.path("version").asText("").isEmpty()) {
            error(exchange, 400, "ValidationException", "source.s3 needs bucketName, key and version: the source bucket must be versioned");
            return;
        }
        if (destination.path("bucketName").asText("").isEmpty()) {
            error(exchange, 400, "ValidationException", "destination.s3.bucketName is required");
            return;
        }
        if (token.isEmpty()) {
            error(exchange, 400, "ValidationException", "clientRequestToken is required");
            return;
        }
        Profile profile = profiles.get(profileName);
        if (!PROFILE_NAME.matcher(profileName).matches() || profile == null) {
            error(exchange, 404, "ResourceNotFoundException", "signing profile " + profileName + " does not exist");
            return;
        }
        if (profile.revokedReason() != null) {
            error(exchange, 400, "ValidationException", "signing profile " + profileName + " is revoked");
            return;
        }
        if (!LocalBuckets.validName(destination.path("bucketName").asText()) || !buckets.bucketExists(destination.path("bucketName").asText())) {
            error(exchange, 404, "ResourceNotFoundException", "destination bucket " + destination.path("bucketName").asText() + " does not exist");
            return;
        }
        // The first call with a token makes the job; every later one gets that job, whatever else it says (as Signer answers).
        String jobId = jobsByToken.computeIfAbsent(token, t -> {
            Job job = new Job(UUID.randomUUID().toString(), profile, source.path("bucketName").asText(), source.path("key").asText(),
                    source.path("version").asText(), destination.path("bucketName").asText(), destination.path("prefix").asText(""), clock.instant());
            jobsById.put(job.id, job);
            jobs.schedule(() -> run(job), jobDuration.toMillis(), TimeUnit.MILLISECONDS);
            return job.id;
        });
        reply(exchange, 200, JSON.createObjectNode().put("jobId", jobId).put("jobOwner", "000000000000"));
    }

    /** A job always ends: whatever goes wrong here fails it with the reason, never leaves it in progress. */
    private void run(Job job) {
        try {
            byte[] zip = buckets.read(job.sourceBucket, job.sourceKey, job.sourceVersion).orElse(null);
            if (zip == null) {
                job.fail("the source object s3://" + job.sourceBucket + "/" + job.sourceKey + " version " + job.sourceVersion + " does not exist",
                        clock.instant());
                return;
            }
            byte[] signed = SignedZips.sign(zip, job.profile.name(), job.profile.version(), job.id, key);
            String signedKey = job.destinationPrefix + job.id + ".zip";
            buckets.write(job.destinationBucket, signedKey, signed);
            job.succeed(signedKey, clock.instant(), clock.instant().plus(DEFAULT_VALIDITY));
        } catch (SignedZips.UnsignableException e) {
            job.fail(e.getMessage(), clock.instant());
        } catch (RuntimeException e) {
            job.fail("Signing failed: " + e.getMessage(), clock.instant());
        }
    }

    private void describeSigningJob(HttpExchange exchange, String jobId) throws IOException {
        Job job = jobsById.get(jobId);
        if (job == null) {
            error(exchange, 404, "ResourceNotFoundException", "signing job " + jobId + " does not exist");
            return;
        }
        reply(exchange, 200, job.describe());
    }

    private void revokeSignature(HttpExchange exchange, String jobId, JsonNode request) throws IOException {
        Job job = jobsById.get(jobId);
        if (job == null) {
            error(exchange, 404, "ResourceNotFoundException", "signing job " + jobId + " does not exist");
            return;
        }
        if (request.path("reason").asText("").length() < 1) {
            error(exchange, 400, "ValidationException", "reason is required");
            return;
        }
        if (!job.succeeded()) {
            error(exchange, 400, "ValidationException", "signing job " + jobId + " has no signature to revoke");
            return;
        }
        job.revoke(request.path("reason").asText(), clock.instant());
        exchange.sendResponseHeaders(200, -1);
    }

    private void getSigningProfile(HttpExchange exchange, String name) throws IOException {
        Profile profile = profiles.get(name);
        if (profile == null) {
            error(exchange, 404, "ResourceNotFoundException", "signing profile " + name + " does not exist");
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("profileName", name).put("profileVersion", profile.version())
                .put("platformId", profile.platformId()).put("status", profile.revokedReason() != null ? "Revoked" : "Active");
        if (profile.revokedReason() != null) {
            answer.putObject("revocationRecord").put("revocationEffectiveFrom", clock.instant().getEpochSecond())
                    .put("revokedAt", clock.instant().getEpochSecond()).put("revokedBy", "arn:aws:iam::000000000000:root");
        }
        reply(exchange, 200, answer);
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** REST-JSON errors as the SDKs read them: the type in {@code x-amzn-ErrorType}, the text in {@code message}. */
    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        byte[] bytes = JSON.writeValueAsBytes(JSON.createObjectNode().put("message", message));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String randomVersion() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder version = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            version.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return version.toString();
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
        jobs.shutdownNow();
    }

    /** @param revokedReason why the profile was revoked; {@code null} while it is active */
    private record Profile(String name, String platformId, String version, String revokedReason) {
    }

    /** A signing job; its mutable state is guarded by the job itself. */
    private static final class Job {
        final String id;
        final Profile profile;
        final String sourceBucket;
        final String sourceKey;
        final String sourceVersion;
        final String destinationBucket;
        final String destinationPrefix;
        final Instant createdAt;
        private String status = "InProgress";
        private String statusReason;
        private String signedKey;
        private Instant completedAt;
        private Instant expiresAt;
        private String revokedReason;
        private Instant revokedAt;

        Job(String id, Profile profile, String sourceBucket, String sourceKey, String sourceVersion, String destinationBucket,
            String destinationPrefix, Instant createdAt) {
            this.id = id;
            this.profile = profile;
            this.sourceBucket = sourceBucket;
            this.sourceKey = sourceKey;
            this.sourceVersion = sourceVersion;
            this.destinationBucket = destinationBucket;
            this.destinationPrefix = destinationPrefix;
            this.createdAt = createdAt;
        }

        synchronized void succeed(String key, Instant at, Instant expires) {
            status = "Succeeded";
            statusReason = "Signing Succeeded";
            signedKey = key;
            completedAt = at;
            expiresAt = expires;
        }

        synchronized void fail(String reason, Instant at) {
            status = "Failed";
            statusReason = reason;
            completedAt = at;
        }

        synchronized boolean succeeded() {
            return "Succeeded".equals(status);
        }

        synchronized void revoke(String reason, Instant at) {
            revokedReason = reason;
            revokedAt = at;
        }

        synchronized ObjectNode describe() {
            ObjectNode job = JSON.createObjectNode().put("jobId", id).put("jobOwner", "000000000000").put("jobInvoker", "000000000000")
                    .put("profileName", profile.name()).put("profileVersion", profile.version()).put("platformId", profile.platformId())
                    .put("platformDisplayName", "AWS Lambda").put("status", status).put("createdAt", createdAt.getEpochSecond());
            job.putObject("source").putObject("s3").put("bucketName", sourceBucket).put("key", sourceKey).put("version", sourceVersion);
            if (statusReason != null) {
                job.put("statusReason", statusReason);
            }
            if (completedAt != null) {
                job.put("completedAt", completedAt.getEpochSecond());
            }
            if (signedKey != null) {
                job.putObject("signedObject").putObject("s3").put("bucketName", destinationBucket).put("key", signedKey);
                job.put("signatureExpiresAt", expiresAt.getEpochSecond());
            }
            if (revokedAt != null) {
                job.putObject("revocationRecord").put("reason", revokedReason).put("revokedAt", revokedAt.getEpochSecond())
                        .put("revokedBy", "arn:aws:iam::000000000000:root");
            }
            return job;
        }
    }
}
