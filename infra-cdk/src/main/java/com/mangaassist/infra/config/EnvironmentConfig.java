package com.mangaassist.infra.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything that differs between environments. {@link #dev()} and {@link #prod()} are the
 * presets; image digests and the Lambda artifact come from CDK context (set by the release
 * pipeline), because they change with every build while the rest changes by review.
 *
 * @param natGateways        NAT gateways (one per AZ in prod for AZ independence)
 * @param orchestratorImage  ECR image digest of the orchestrator ({@code sha256:...})
 * @param gpuEndpointImage   ECR image digest of the gpu-endpoint container
 * @param lambdaArtifact     S3 location of the overflow function's zip (content-addressed key)
 * @param gpuInstanceType    SageMaker instance type of the inference variant
 * @param gpuMinInstances    at least 2: a cold instance must never take traffic alone
 * @param ttftSlaMillis      time-to-first-token objective, used by alarms and the dashboard
 * @param oidcIssuer         issuer whose JWTs the WebSocket authorizer accepts
 */
public record EnvironmentConfig(
        String name,
        int natGateways,
        boolean retainData,
        String orchestratorImage,
        int orchestratorCpu,
        int orchestratorMemoryMiB,
        int orchestratorMinTasks,
        int orchestratorMaxTasks,
        LambdaArtifact lambdaArtifact,
        int lambdaMemoryMb,
        int lambdaTimeoutSeconds,
        int overflowBatchSize,
        int overflowMaxConcurrency,
        String gpuEndpointImage,
        String modelDataUrl,
        String gpuInstanceType,
        int gpuMinInstances,
        int gpuMaxInstances,
        String redisNodeType,
        int redisReplicas,
        int throttleRate,
        int throttleBurst,
        int ttftSlaMillis,
        String oidcIssuer,
        String oidcAudience) {

    /** A digest used only so that synth and diff work before a build exists; it never pulls. */
    public static final String EXAMPLE_DIGEST = "sha256:" + "0".repeat(64);
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /** Where the overflow function's code is: a zip under a key named by its content hash. */
    public record LambdaArtifact(String bucket, String key) {
        public LambdaArtifact {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
        }
    }

    public EnvironmentConfig {
        Objects.requireNonNull(name, "name");
        if (!DIGEST.matcher(orchestratorImage).matches() || !DIGEST.matcher(gpuEndpointImage).matches()) {
            throw new IllegalArgumentException("images are referenced by digest only (sha256:<64 hex>), got "
                    + orchestratorImage + " and " + gpuEndpointImage);
        }
        if (orchestratorMinTasks < 1 || orchestratorMaxTasks < orchestratorMinTasks) {
            throw new IllegalArgumentException("need 1 <= orchestratorMinTasks <= orchestratorMaxTasks");
        }
        if (lambdaTimeoutSeconds < 1 || lambdaTimeoutSeconds > 900) {
            throw new IllegalArgumentException("lambdaTimeoutSeconds must be within 1..900");
        }
        if (overflowMaxConcurrency < 2 || overflowMaxConcurrency > 1000) {
            throw new IllegalArgumentException("SQS event source maximum concurrency must be within 2..1000");
        }
    }

    public static EnvironmentConfig dev() {
        return new EnvironmentConfig("dev", 1, false, EXAMPLE_DIGEST, 1024, 2048, 1, 4,
                new LambdaArtifact("mangaassist-artifacts", "lambda-overflow/example.zip"), 1024, 60, 5, 20,
                EXAMPLE_DIGEST, "s3://mangaassist-models/llama-3-8b-awq/model.tar.gz", "ml.g5.xlarge", 2, 4,
                "cache.t4g.small", 1, 100, 200, 2000, "https://auth.example.com/", "mangaassist-chat");
    }

    public static EnvironmentConfig prod() {
        return new EnvironmentConfig("prod", 2, true, EXAMPLE_DIGEST, 2048, 4096, 10, 50,
                new LambdaArtifact("mangaassist-artifacts", "lambda-overflow/example.zip"), 2048, 60, 5, 500,
                EXAMPLE_DIGEST, "s3://mangaassist-models/llama-3-8b-awq/model.tar.gz", "ml.g5.2xlarge", 2, 20,
                "cache.r7g.large", 2, 2000, 5000, 2000, "https://auth.example.com/", "mangaassist-chat");
    }

    public static EnvironmentConfig named(String name) {
        return switch (name) {
            case "dev" -> dev();
            case "prod" -> prod();
            default -> throw new IllegalArgumentException("unknown environment '" + name + "'; use dev or prod");
        };
    }

    public boolean usesExampleImages() {
        return orchestratorImage.equals(EXAMPLE_DIGEST) || gpuEndpointImage.equals(EXAMPLE_DIGEST);
    }

    public EnvironmentConfig withImages(String orchestrator, String gpuEndpoint) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestrator, orchestratorCpu, orchestratorMemoryMiB, orchestratorMinTasks,
                orchestratorMaxTasks, lambdaArtifact, lambdaMemoryMb, lambdaTimeoutSeconds, overflowBatchSize, overflowMaxConcurrency,
                gpuEndpoint, modelDataUrl, gpuInstanceType, gpuMinInstances, gpuMaxInstances, redisNodeType, redisReplicas, throttleRate,
                throttleBurst, ttftSlaMillis, oidcIssuer, oidcAudience);
    }

    public EnvironmentConfig withLambdaArtifact(LambdaArtifact artifact) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestratorImage, orchestratorCpu, orchestratorMemoryMiB,
                orchestratorMinTasks, orchestratorMaxTasks, artifact, lambdaMemoryMb, lambdaTimeoutSeconds, overflowBatchSize,
                overflowMaxConcurrency, gpuEndpointImage, modelDataUrl, gpuInstanceType, gpuMinInstances, gpuMaxInstances, redisNodeType,
                redisReplicas, throttleRate, throttleBurst, ttftSlaMillis, oidcIssuer, oidcAudience);
    }

    public EnvironmentConfig withGpuInstances(int min, int max) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestratorImage, orchestratorCpu, orchestratorMemoryMiB,
                orchestratorMinTasks, orchestratorMaxTasks, lambdaArtifact, lambdaMemoryMb, lambdaTimeoutSeconds, overflowBatchSize,
                overflowMaxConcurrency, gpuEndpointImage, modelDataUrl, gpuInstanceType, min, max, redisNodeType, redisReplicas,
                throttleRate, throttleBurst, ttftSlaMillis, oidcIssuer, oidcAudience);
    }
}
