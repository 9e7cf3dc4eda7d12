package com.mangaassist.infra.config;

import com.mangaassist.shared.contract.ScalingTargets;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything that differs between environments and changes by review: sizes, counts, instance
 * types, throttles. {@link #dev()} and {@link #prod()} are the presets; a few keys may be
 * overridden from context ({@link ContextKeys}). What changes with every build (images, the Lambda
 * zip, the model) is not here: it comes from the release manifest.
 *
 * @param natGateways              NAT gateways (one per AZ in prod for AZ independence)
 * @param orchestratorTurnCapacity turns one task runs at once; the ECS service scales on the share in use
 * @param gpuInstanceType          SageMaker instance type of the inference variant ({@code ml.<family>.<size>})
 * @param gpuMinInstances          at least 2: a cold instance must never take traffic alone
 * @param ttftSlaMillis            time-to-first-token objective: the routing policy, alarms and dashboard share it
 * @param search                   the knowledge search domain (ADR 0029)
 *
 * <p>The function timeout, the queue's visibility timeout and its receive count are not here: they
 * follow from shared's {@code TurnTimings}, as the services' own bounds do (ADR 0019).
 */
public record EnvironmentConfig(
        String name,
        int natGateways,
        boolean retainData,
        int orchestratorCpu,
        int orchestratorMemoryMiB,
        int orchestratorMinTasks,
        int orchestratorMaxTasks,
        int orchestratorTurnCapacity,
        int lambdaMemoryMb,
        int overflowBatchSize,
        int overflowMaxConcurrency,
        String gpuInstanceType,
        int gpuMinInstances,
        int gpuMaxInstances,
        String redisNodeType,
        int redisReplicas,
        int throttleRate,
        int throttleBurst,
        int ttftSlaMillis,
        SearchSizing search) {

    /** Fewer than two and a replacement instance would take traffic cold, alone. */
    public static final int MIN_GPU_INSTANCES = ScalingTargets.MIN_GPU_INSTANCES;
    private static final Pattern INSTANCE_TYPE = Pattern.compile("ml\\.[a-z0-9]+(-[a-z0-9]+)?\\.[a-z0-9]+");

    public EnvironmentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gpuInstanceType, "gpuInstanceType");
        Objects.requireNonNull(search, "search");
        if (!INSTANCE_TYPE.matcher(gpuInstanceType).matches()) {
            throw InvalidContextException.invalid(ContextKeys.GPU_INSTANCE_TYPE, gpuInstanceType,
                    "a SageMaker instance type such as ml.g5.xlarge");
        }
        if (gpuMinInstances < MIN_GPU_INSTANCES) {
            throw InvalidContextException.invalid(ContextKeys.GPU_MIN_INSTANCES, gpuMinInstances, "at least " + MIN_GPU_INSTANCES
                    + " (the endpoint keeps two hot instances so a cold one never carries traffic alone)");
        }
        if (gpuMaxInstances < gpuMinInstances) {
            throw InvalidContextException.invalid(ContextKeys.GPU_MAX_INSTANCES, gpuMaxInstances,
                    "at least gpuMinInstances (" + gpuMinInstances + ")");
        }
        if (orchestratorMinTasks < 1) {
            throw InvalidContextException.invalid(ContextKeys.ORCHESTRATOR_MIN_TASKS, orchestratorMinTasks, "at least 1");
        }
        if (orchestratorMaxTasks < orchestratorMinTasks) {
            throw InvalidContextException.invalid(ContextKeys.ORCHESTRATOR_MAX_TASKS, orchestratorMaxTasks,
                    "at least orchestratorMinTasks (" + orchestratorMinTasks + ")");
        }
        if (orchestratorTurnCapacity < 1) {
            throw InvalidContextException.invalid(ContextKeys.ORCHESTRATOR_TURN_CAPACITY, orchestratorTurnCapacity, "at least 1 turn");
        }
        if (overflowMaxConcurrency < 2 || overflowMaxConcurrency > 1000) {
            throw InvalidContextException.invalid(ContextKeys.OVERFLOW_MAX_CONCURRENCY, overflowMaxConcurrency,
                    "within 2..1000 (an SQS event source's maximum concurrency)");
        }
    }

    /**
     * Search: one burstable node, no zone awareness and no dedicated cluster managers. dev loses
     * knowledge search while that node is replaced or its zone is down, and a lost volume costs
     * only an ingest: the index is derived from knowledge/data, never the source of anything.
     */
    public static EnvironmentConfig dev() {
        return new EnvironmentConfig("dev", 1, false, 1024, 2048, 1, 4, 64, 1024, 5, 20,
                "ml.g5.xlarge", 2, 4, "cache.t4g.small", 1, 100, 200, 2000,
                new SearchSizing("t3.small.search", 1, null, 0, SearchSizing.MIN_VOLUME_GIB));
    }

    /**
     * Turn capacity follows the task's vCPUs: 64 per vCPU, the orchestrator's default on one.
     * Search: a data node in each of the two zones (general purpose: the 3.3 MB index needs no
     * memory-optimized nodes, queries need CPU) and three dedicated cluster managers, so losing a
     * data node never costs the cluster its quorum (ADR 0029).
     */
    public static EnvironmentConfig prod() {
        return new EnvironmentConfig("prod", 2, true, 2048, 4096, 10, 50, 128, 2048, 5, 500,
                "ml.g5.2xlarge", 2, 20, "cache.r7g.large", 2, 2000, 5000, 2000,
                new SearchSizing("m6g.large.search", 2, "m6g.large.search", 3, SearchSizing.MIN_VOLUME_GIB));
    }

    public static EnvironmentConfig named(String name) {
        return switch (name) {
            case "dev" -> dev();
            case "prod" -> prod();
            default -> throw InvalidContextException.invalid(ContextKeys.ENV, name, "dev or prod");
        };
    }

    public EnvironmentConfig withGpu(String instanceType, int min, int max) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestratorCpu, orchestratorMemoryMiB, orchestratorMinTasks,
                orchestratorMaxTasks, orchestratorTurnCapacity, lambdaMemoryMb, overflowBatchSize,
                overflowMaxConcurrency, instanceType, min, max, redisNodeType, redisReplicas, throttleRate, throttleBurst, ttftSlaMillis, search);
    }

    public EnvironmentConfig withOrchestrator(int minTasks, int maxTasks, int turnCapacity) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestratorCpu, orchestratorMemoryMiB, minTasks, maxTasks, turnCapacity,
                lambdaMemoryMb, overflowBatchSize, overflowMaxConcurrency, gpuInstanceType, gpuMinInstances,
                gpuMaxInstances, redisNodeType, redisReplicas, throttleRate, throttleBurst, ttftSlaMillis, search);
    }

    public EnvironmentConfig withOverflowMaxConcurrency(int maxConcurrency) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestratorCpu, orchestratorMemoryMiB, orchestratorMinTasks,
                orchestratorMaxTasks, orchestratorTurnCapacity, lambdaMemoryMb, overflowBatchSize, maxConcurrency, gpuInstanceType,
                gpuMinInstances, gpuMaxInstances, redisNodeType, redisReplicas, throttleRate, throttleBurst, ttftSlaMillis, search);
    }

    public EnvironmentConfig withSearch(SearchSizing sizing) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestratorCpu, orchestratorMemoryMiB, orchestratorMinTasks,
                orchestratorMaxTasks, orchestratorTurnCapacity, lambdaMemoryMb, overflowBatchSize, overflowMaxConcurrency, gpuInstanceType,
                gpuMinInstances, gpuMaxInstances, redisNodeType, redisReplicas, throttleRate, throttleBurst, ttftSlaMillis, sizing);
    }

    /** The same config with the overridable keys read from context (absent keys keep the preset). */
    public EnvironmentConfig withOverridesFrom(ContextReader context) {
        return withGpu(context.text(ContextKeys.GPU_INSTANCE_TYPE).orElse(gpuInstanceType),
                context.integer(ContextKeys.GPU_MIN_INSTANCES, gpuMinInstances, 0, 1000),
                context.integer(ContextKeys.GPU_MAX_INSTANCES, gpuMaxInstances, 0, 1000))
                .withOrchestrator(context.integer(ContextKeys.ORCHESTRATOR_MIN_TASKS, orchestratorMinTasks, 0, 5000),
                        context.integer(ContextKeys.ORCHESTRATOR_MAX_TASKS, orchestratorMaxTasks, 0, 5000),
                        context.integer(ContextKeys.ORCHESTRATOR_TURN_CAPACITY, orchestratorTurnCapacity, 0, 100_000))
                .withOverflowMaxConcurrency(context.integer(ContextKeys.OVERFLOW_MAX_CONCURRENCY, overflowMaxConcurrency, 0, 100_000))
                .withSearch(search.withData(context.text(ContextKeys.SEARCH_INSTANCE_TYPE).orElse(search.dataInstanceType()),
                        context.integer(ContextKeys.SEARCH_DATA_NODES, search.dataNodes(), 0, 80)));
    }
}
