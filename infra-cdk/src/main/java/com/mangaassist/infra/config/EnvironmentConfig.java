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
 * @param quotas                   each caller's token budgets per UTC day and month (ADR 0046), which both compute paths enforce
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
        SearchSizing search,
        TokenBudgets quotas) {

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
        Objects.requireNonNull(quotas, "quotas");
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
        return builder()
                .name("dev")
                .natGateways(1)
                .retainData(false)
                .orchestratorCpu(1024)
                .orchestratorMemoryMiB(2048)
                .orchestratorMinTasks(1)
                .orchestratorMaxTasks(4)
                .orchestratorTurnCapacity(64)
                .lambdaMemoryMb(1024)
                .overflowBatchSize(5)
                .overflowMaxConcurrency(20)
                .gpu(new GpuPool(ModelTier.SMALL, "ml.g5.xlarge", 2, 4))
                .largeGpu(null)
                .redisNodeType("cache.t4g.small")
                .redisReplicas(1)
                .throttleRate(100)
                .throttleBurst(200)
                .ttftSlaMillis(2000)
                .search(new SearchSizing("t3.small.search", 1, null, 0, SearchSizing.MIN_VOLUME_GIB))
                // The daily budget as prod's, so a client that loops is stopped the way it would be in prod; the month
                // at ten such days, because two small GPU instances are all dev has and its testers share them.
                .quotas(new TokenBudgets(200_000, 2_000_000))
                .build();
    }

    /**
     * Turn capacity follows the task's vCPUs: 64 per vCPU, the orchestrator's default on one.
     * Search: a data node in each of the two zones (general purpose: the 3.3 MB index needs no
     * memory-optimized nodes, queries need CPU) and three dedicated cluster managers, so losing a
     * data node never costs the cluster its quorum (ADR 0029).
     */
    public static EnvironmentConfig prod() {
        return builder()
                .name("prod")
                .natGateways(2)
                .retainData(true)
                .orchestratorCpu(2048)
                .orchestratorMemoryMiB(4096)
                .orchestratorMinTasks(10)
                .orchestratorMaxTasks(50)
                .orchestratorTurnCapacity(128)
                .lambdaMemoryMb(2048)
                .overflowBatchSize(5)
                .overflowMaxConcurrency(500)
                .gpu(new GpuPool(ModelTier.SMALL, "ml.g5.2xlarge", 2, 20))
                .largeGpu(largeDefault())
                .redisNodeType("cache.r7g.large")
                .redisReplicas(2)
                .throttleRate(2000)
                .throttleBurst(5000)
                .ttftSlaMillis(2000)
                .search(new SearchSizing("m6g.large.search", 2, "m6g.large.search", 3, SearchSizing.MIN_VOLUME_GIB))
                // A turn costs at most a context window: 4,096 tokens on the small tier, 8,192 on the large one
                // (EngineSettings), and a chat turn far less. 200,000 a day is some 50 full-window small turns or 25 large
                // ones, and a few hundred ordinary ones: more than a person chats, far less than a client caught in a loop
                // would burn. The month holds 15 such days, not 30, so that no caller can run at the daily cap every day.
                .quotas(new TokenBudgets(200_000, 3_000_000))
                .build();
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

    /** The fleets of the tiers this deployment runs: the small one, then the large one where present. */
    public List<GpuPool> gpuPools() {
        return largeGpu == null ? List.of(gpu) : List.of(gpu, largeGpu);
    }

    /** The same config with the overridable keys read from context (absent keys keep the preset). */
    public EnvironmentConfig withOverridesFrom(ContextReader context) {
        boolean large = context.text(ContextKeys.LARGE_TIER).map(EnvironmentConfig::onOff).orElse(largeGpu != null);
        GpuPool largePool = large ? (largeGpu != null ? largeGpu : largeDefault()).withOverridesFrom(context) : null;
        return toBuilder()
                .gpu(gpu.withOverridesFrom(context))
                .largeGpu(largePool)
                .orchestratorMinTasks(context.integer(ContextKeys.ORCHESTRATOR_MIN_TASKS, orchestratorMinTasks, 0, 5000))
                .orchestratorMaxTasks(context.integer(ContextKeys.ORCHESTRATOR_MAX_TASKS, orchestratorMaxTasks, 0, 5000))
                .orchestratorTurnCapacity(context.integer(ContextKeys.ORCHESTRATOR_TURN_CAPACITY, orchestratorTurnCapacity, 0, 100_000))
                .overflowMaxConcurrency(context.integer(ContextKeys.OVERFLOW_MAX_CONCURRENCY, overflowMaxConcurrency, 0, 100_000))
                .search(search.withData(context.text(ContextKeys.SEARCH_INSTANCE_TYPE).orElse(search.dataInstanceType()),
                        context.integer(ContextKeys.SEARCH_DATA_NODES, search.dataNodes(), 0, 80)))
                .quotas(quotas.withOverridesFrom(context))
                .build();
    }

    private static boolean onOff(String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw InvalidContextException.invalid(ContextKeys.LARGE_TIER, value, "on or off");
        };
    }

    /** An empty builder: every component is set before {@link Builder#build()} ({@code largeGpu} may stay {@code null}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config, to change a few components: {@code config.toBuilder().natGateways(1).build()}. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets the components one by one; {@link #build()} runs the record's checks. */
    public static final class Builder {

        private String name;
        private int natGateways;
        private boolean retainData;
        private int orchestratorCpu;
        private int orchestratorMemoryMiB;
        private int orchestratorMinTasks;
        private int orchestratorMaxTasks;
        private int orchestratorTurnCapacity;
        private int lambdaMemoryMb;
        private int overflowBatchSize;
        private int overflowMaxConcurrency;
        private GpuPool gpu;
        private GpuPool largeGpu;
        private String redisNodeType;
        private int redisReplicas;
        private int throttleRate;
        private int throttleBurst;
        private int ttftSlaMillis;
        private SearchSizing search;
        private TokenBudgets quotas;

        private Builder() {
        }

        private Builder(EnvironmentConfig c) {
            this.name = c.name;
            this.natGateways = c.natGateways;
            this.retainData = c.retainData;
            this.orchestratorCpu = c.orchestratorCpu;
            this.orchestratorMemoryMiB = c.orchestratorMemoryMiB;
            this.orchestratorMinTasks = c.orchestratorMinTasks;
            this.orchestratorMaxTasks = c.orchestratorMaxTasks;
            this.orchestratorTurnCapacity = c.orchestratorTurnCapacity;
            this.lambdaMemoryMb = c.lambdaMemoryMb;
            this.overflowBatchSize = c.overflowBatchSize;
            this.overflowMaxConcurrency = c.overflowMaxConcurrency;
            this.gpu = c.gpu;
            this.largeGpu = c.largeGpu;
            this.redisNodeType = c.redisNodeType;
            this.redisReplicas = c.redisReplicas;
            this.throttleRate = c.throttleRate;
            this.throttleBurst = c.throttleBurst;
            this.ttftSlaMillis = c.ttftSlaMillis;
            this.search = c.search;
            this.quotas = c.quotas;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder natGateways(int natGateways) {
            this.natGateways = natGateways;
            return this;
        }

        public Builder retainData(boolean retainData) {
            this.retainData = retainData;
            return this;
        }

        public Builder orchestratorCpu(int orchestratorCpu) {
            this.orchestratorCpu = orchestratorCpu;
            return this;
        }

        public Builder orchestratorMemoryMiB(int orchestratorMemoryMiB) {
            this.orchestratorMemoryMiB = orchestratorMemoryMiB;
            return this;
        }

        public Builder orchestratorMinTasks(int orchestratorMinTasks) {
            this.orchestratorMinTasks = orchestratorMinTasks;
            return this;
        }

        public Builder orchestratorMaxTasks(int orchestratorMaxTasks) {
            this.orchestratorMaxTasks = orchestratorMaxTasks;
            return this;
        }

        public Builder orchestratorTurnCapacity(int orchestratorTurnCapacity) {
            this.orchestratorTurnCapacity = orchestratorTurnCapacity;
            return this;
        }

        public Builder lambdaMemoryMb(int lambdaMemoryMb) {
            this.lambdaMemoryMb = lambdaMemoryMb;
            return this;
        }

        public Builder overflowBatchSize(int overflowBatchSize) {
            this.overflowBatchSize = overflowBatchSize;
            return this;
        }

        public Builder overflowMaxConcurrency(int overflowMaxConcurrency) {
            this.overflowMaxConcurrency = overflowMaxConcurrency;
            return this;
        }

        public Builder gpu(GpuPool gpu) {
            this.gpu = gpu;
            return this;
        }

        public Builder largeGpu(GpuPool largeGpu) {
            this.largeGpu = largeGpu;
            return this;
        }

        public Builder redisNodeType(String redisNodeType) {
            this.redisNodeType = redisNodeType;
            return this;
        }

        public Builder redisReplicas(int redisReplicas) {
            this.redisReplicas = redisReplicas;
            return this;
        }

        public Builder throttleRate(int throttleRate) {
            this.throttleRate = throttleRate;
            return this;
        }

        public Builder throttleBurst(int throttleBurst) {
            this.throttleBurst = throttleBurst;
            return this;
        }

        public Builder ttftSlaMillis(int ttftSlaMillis) {
            this.ttftSlaMillis = ttftSlaMillis;
            return this;
        }

        public Builder search(SearchSizing search) {
            this.search = search;
            return this;
        }

        public Builder quotas(TokenBudgets quotas) {
            this.quotas = quotas;
            return this;
        }

        /** The config, checked as the canonical constructor checks it. */
        public EnvironmentConfig build() {
            return new EnvironmentConfig(name, natGateways, retainData, orchestratorCpu, orchestratorMemoryMiB, orchestratorMinTasks,
                    orchestratorMaxTasks, orchestratorTurnCapacity, lambdaMemoryMb, overflowBatchSize, overflowMaxConcurrency, gpu, largeGpu,
                    redisNodeType, redisReplicas, throttleRate, throttleBurst, ttftSlaMillis, search, quotas);
        }
    }
}
