package com.mangaassist.infra.config;

import com.mangaassist.shared.contract.ScalingTargets;
import com.mangaassist.shared.domain.ModelTier;
import java.util.List;
import java.util.Objects;

/**
 * Everything that differs between environments and changes by review: sizes, counts, instance
 * types, throttles. {@link #dev()} and {@link #prod()} are the presets; a few keys may be
 * overridden from context ({@link ContextKeys}). What changes with every build (images, the Lambda
 * zip, the model) is not here: it comes from the release manifest.
 *
 * @param natGateways              NAT gateways (one per AZ in prod for AZ independence)
 * @param orchestratorTurnCapacity turns one task runs at once; the ECS service scales on the share in use
 * @param gpu                      the small model tier's fleet
 * @param largeGpu                 the large model tier's fleet (tensor parallel over all its GPUs, ADR 0039);
 *                                 {@code null} where the deployment leaves the large tier out ({@code -c largeTier=off})
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
        GpuPool gpu,
        GpuPool largeGpu,
        String redisNodeType,
        int redisReplicas,
        int throttleRate,
        int throttleBurst,
        int ttftSlaMillis,
        SearchSizing search) {

    /** Fewer than two and a replacement instance would take traffic cold, alone. */
    public static final int MIN_GPU_INSTANCES = ScalingTargets.MIN_GPU_INSTANCES;
    /**
     * The large tier's fleet where a preset runs one: four A10Gs per instance hold Llama-3-70B AWQ with
     * 16 full-context sequences (EngineSettings.LARGE, ADR 0039).
     */
    public static final String LARGE_INSTANCE_TYPE = "ml.g5.12xlarge";

    public EnvironmentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(search, "search");
        if (gpu.tier() != ModelTier.SMALL || largeGpu != null && largeGpu.tier() != ModelTier.LARGE) {
            throw new IllegalArgumentException("gpu is the small tier's pool and largeGpu the large tier's");
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
        // No large tier: two ml.g5.12xlarge would cost dev more than the rest of it together (-c largeTier=on adds it).
        return new EnvironmentConfig("dev", 1, false, 1024, 2048, 1, 4, 64, 1024, 5, 20,
                new GpuPool(ModelTier.SMALL, "ml.g5.xlarge", 2, 4), null, "cache.t4g.small", 1, 100, 200, 2000,
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
                new GpuPool(ModelTier.SMALL, "ml.g5.2xlarge", 2, 20), largeDefault(), "cache.r7g.large", 2, 2000, 5000, 2000,
                new SearchSizing("m6g.large.search", 2, "m6g.large.search", 3, SearchSizing.MIN_VOLUME_GIB));
    }

    public static EnvironmentConfig named(String name) {
        return switch (name) {
            case "dev" -> dev();
            case "prod" -> prod();
            default -> throw InvalidContextException.invalid(ContextKeys.ENV, name, "dev or prod");
        };
    }

    /** The large tier's fleet a preset starts from when {@code -c largeTier=on} adds it. */
    public static GpuPool largeDefault() {
        return new GpuPool(ModelTier.LARGE, LARGE_INSTANCE_TYPE, 2, 8);
    }

    /** @param large the large tier's fleet, or {@code null} to leave the tier out */
    public EnvironmentConfig withGpu(GpuPool small, GpuPool large) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestratorCpu, orchestratorMemoryMiB, orchestratorMinTasks,
                orchestratorMaxTasks, orchestratorTurnCapacity, lambdaMemoryMb, overflowBatchSize,
                overflowMaxConcurrency, small, large, redisNodeType, redisReplicas, throttleRate, throttleBurst, ttftSlaMillis, search);
    }

    /** The fleets of the tiers this deployment runs: the small one, then the large one where present. */
    public List<GpuPool> gpuPools() {
        return largeGpu == null ? List.of(gpu) : List.of(gpu, largeGpu);
    }

    public EnvironmentConfig withOrchestrator(int minTasks, int maxTasks, int turnCapacity) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestratorCpu, orchestratorMemoryMiB, minTasks, maxTasks, turnCapacity,
                lambdaMemoryMb, overflowBatchSize, overflowMaxConcurrency, gpu, largeGpu, redisNodeType, redisReplicas, throttleRate, throttleBurst, ttftSlaMillis, search);
    }

    public EnvironmentConfig withOverflowMaxConcurrency(int maxConcurrency) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestratorCpu, orchestratorMemoryMiB, orchestratorMinTasks,
                orchestratorMaxTasks, orchestratorTurnCapacity, lambdaMemoryMb, overflowBatchSize, maxConcurrency, gpu, largeGpu,
                redisNodeType, redisReplicas, throttleRate, throttleBurst, ttftSlaMillis, search);
    }

    public EnvironmentConfig withSearch(SearchSizing sizing) {
        return new EnvironmentConfig(name, natGateways, retainData, orchestratorCpu, orchestratorMemoryMiB, orchestratorMinTasks,
                orchestratorMaxTasks, orchestratorTurnCapacity, lambdaMemoryMb, overflowBatchSize, overflowMaxConcurrency, gpu, largeGpu,
                redisNodeType, redisReplicas, throttleRate, throttleBurst, ttftSlaMillis, sizing);
    }

    /** The same config with the overridable keys read from context (absent keys keep the preset). */
    public EnvironmentConfig withOverridesFrom(ContextReader context) {
        boolean large = context.text(ContextKeys.LARGE_TIER).map(EnvironmentConfig::onOff).orElse(largeGpu != null);
        GpuPool largePool = large ? (largeGpu != null ? largeGpu : largeDefault()).withOverridesFrom(context) : null;
        return withGpu(gpu.withOverridesFrom(context), largePool)
                .withOrchestrator(context.integer(ContextKeys.ORCHESTRATOR_MIN_TASKS, orchestratorMinTasks, 0, 5000),
                        context.integer(ContextKeys.ORCHESTRATOR_MAX_TASKS, orchestratorMaxTasks, 0, 5000),
                        context.integer(ContextKeys.ORCHESTRATOR_TURN_CAPACITY, orchestratorTurnCapacity, 0, 100_000))
                .withOverflowMaxConcurrency(context.integer(ContextKeys.OVERFLOW_MAX_CONCURRENCY, overflowMaxConcurrency, 0, 100_000))
                .withSearch(search.withData(context.text(ContextKeys.SEARCH_INSTANCE_TYPE).orElse(search.dataInstanceType()),
                        context.integer(ContextKeys.SEARCH_DATA_NODES, search.dataNodes(), 0, 80)));
    }

    private static boolean onOff(String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw InvalidContextException.invalid(ContextKeys.LARGE_TIER, value, "on or off");
        };
    }
}
