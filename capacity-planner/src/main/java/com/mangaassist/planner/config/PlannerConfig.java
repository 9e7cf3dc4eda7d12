package com.mangaassist.planner.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.shared.contract.ScalingTargets;
import com.mangaassist.shared.routing.SpillMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every parameter of the simulated deployment, from one JSON file. The bundled
 * {@code default-planner.json} gives each default with its source (AWS documentation, the CDK
 * app's settings, or a figure measured in docs/benchmarks.md); a user's file must be complete
 * ({@code capacity-planner defaults} prints one to start from). The autoscaling targets and
 * cooldowns are not here: they are {@link ScalingTargets}, the values the CDK app deploys.
 */
public record PlannerConfig(
        RoutingSettings routing,
        GatewaySettings gateway,
        FargateSettings fargate,
        OverflowSettings overflow,
        RetrievalSettings retrieval,
        GpuSettings gpu,
        ClientSettings client,
        TrafficSettings traffic,
        QuotaSettings quota) {

    public static final String DEFAULT_RESOURCE = "/com/mangaassist/planner/default-planner.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How turns are routed: the services' spill mode and TTFT objective, and whether conversations
     * keep a stateful session on the GPU instance holding their prefix (ADR 0040).
     */
    public record RoutingSettings(SpillMode spillMode, int ttftSlaMillis, int systemPromptTokens, boolean affinity) {

        public RoutingSettings withSpillMode(SpillMode value) {
            return new RoutingSettings(value, ttftSlaMillis, systemPromptTokens, affinity);
        }

        public RoutingSettings withTtftSlaMillis(int value) {
            return new RoutingSettings(spillMode, value, systemPromptTokens, affinity);
        }

        public RoutingSettings withAffinity(boolean value) {
            return new RoutingSettings(spillMode, ttftSlaMillis, systemPromptTokens, value);
        }
    }

    /**
     * API Gateway's WebSocket API: the stage throttle (token bucket), the account's new-connection
     * rate, and connection lifetimes.
     */
    public record GatewaySettings(double throttleRatePerSecond, int throttleBurst, double newConnectionsPerSecond,
                                  double idleTimeoutSeconds, double maxConnectionSeconds, double deliveryMs, int tokensPerFrame) {
    }

    /**
     * The orchestrator's ECS service. Start time is drawn uniformly between the two bounds (image
     * pull, container start, {@code /ready}); the NLB's health checks come on top.
     */
    public record FargateSettings(double vcpu, double memoryGb, int turnCapacity, int minTasks, int maxTasks,
                                  double startMinSeconds, double startMaxSeconds, double cpuMsPerTurn, double overheadMs,
                                  double metricPeriodSeconds, int scaleOutDatapoints, int scaleInDatapoints) {
    }

    /** The overflow queue and the function's SQS event source. */
    public record OverflowSettings(double sqsSendMs, double pollLatencyMs, int batchSize, int maxConcurrency,
                                   int initialConcurrency, int rampPerMinute, int memoryMb, boolean snapStart,
                                   double coldInitMs, double restoreMs, double firstInvokeMs, double perMessageMs,
                                   double environmentIdleSeconds, double queueMonitorSeconds) {
    }

    /**
     * Grounding inside every turn, on both compute paths, before the GPU call (ADR 0030): the
     * query's embedding and the knowledge search take one latency, drawn log-normal through its
     * measured median and 99th percentile; the turn waits for it at most {@code deadlineMs} and past
     * that goes on ungrounded. Meanwhile it holds its task's turn slot, or its function's billed
     * duration. {@code embedCpuMs} is the embedding's CPU on the orchestrator task; its time is inside
     * the latency, so only its stretch on a busy CPU adds to the wait. The domain is billed by the hour; it does not scale
     * with traffic. {@code enabled} false: turns without retrieval and no domain, as before ADR 0030.
     */
    public record RetrievalSettings(boolean enabled, double latencyP50Ms, double latencyP99Ms, double deadlineMs, double embedCpuMs,
                                    SearchDomainSettings domain) {

        public RetrievalSettings withLatency(double p50, double p99, double deadline) {
            return new RetrievalSettings(enabled, p50, p99, deadline, embedCpuMs, domain);
        }

        public RetrievalSettings withEnabled(boolean value) {
            return new RetrievalSettings(value, latencyP50Ms, latencyP99Ms, deadlineMs, embedCpuMs, domain);
        }
    }

    /**
     * The knowledge search domain as the CDK app sizes it (infra-cdk {@code SearchSizing}): data
     * nodes with a gp3 volume each, and dedicated cluster-manager nodes (0, 3 or 5; with none, the
     * manager's type is not used).
     */
    public record SearchDomainSettings(String dataInstanceType, int dataNodes, String masterInstanceType, int masterNodes, int volumeGiB) {
    }

    /** The SageMaker endpoints, one per model tier (the large tier may be absent, as in the CDK's default deploy). */
    public record GpuSettings(GpuTierSettings small, GpuTierSettings large) {
    }

    /**
     * One endpoint. {@code instanceStartSeconds}: provisioning to traffic-ready (after warm-up);
     * {@code containerUpSeconds}: to a process that answers {@code /ping} without a readiness gate,
     * when its first requests pay {@code coldPenaltyMs}.
     */
    public record GpuTierSettings(boolean enabled, String instanceType, String gpu, String model, String weightFormat,
                                  int maxNumSeqs, int minInstances, int maxInstances, double instanceStartSeconds,
                                  double containerUpSeconds, boolean readinessGate, double coldPenaltyMs,
                                  double prefillTokensPerSecond, double itlBaseMs, double batchSlowdown,
                                  double oomProbability, int oomPromptTokens, double metricPeriodSeconds,
                                  int scaleOutDatapoints, int scaleInDatapoints, int tensorParallelSize) {

        /** An empty builder: every component is set before {@link Builder#build()}. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding this tier, to change a few components: {@code tier.toBuilder().minInstances(3).build()}. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /** Sets the components one by one; {@link #build()} makes the record through its canonical constructor. */
        public static final class Builder {

            private boolean enabled;
            private String instanceType;
            private String gpu;
            private String model;
            private String weightFormat;
            private int maxNumSeqs;
            private int minInstances;
            private int maxInstances;
            private double instanceStartSeconds;
            private double containerUpSeconds;
            private boolean readinessGate;
            private double coldPenaltyMs;
            private double prefillTokensPerSecond;
            private double itlBaseMs;
            private double batchSlowdown;
            private double oomProbability;
            private int oomPromptTokens;
            private double metricPeriodSeconds;
            private int scaleOutDatapoints;
            private int scaleInDatapoints;
            private int tensorParallelSize;

            private Builder() {
            }

            private Builder(GpuTierSettings t) {
                this.enabled = t.enabled;
                this.instanceType = t.instanceType;
                this.gpu = t.gpu;
                this.model = t.model;
                this.weightFormat = t.weightFormat;
                this.maxNumSeqs = t.maxNumSeqs;
                this.minInstances = t.minInstances;
                this.maxInstances = t.maxInstances;
                this.instanceStartSeconds = t.instanceStartSeconds;
                this.containerUpSeconds = t.containerUpSeconds;
                this.readinessGate = t.readinessGate;
                this.coldPenaltyMs = t.coldPenaltyMs;
                this.prefillTokensPerSecond = t.prefillTokensPerSecond;
                this.itlBaseMs = t.itlBaseMs;
                this.batchSlowdown = t.batchSlowdown;
                this.oomProbability = t.oomProbability;
                this.oomPromptTokens = t.oomPromptTokens;
                this.metricPeriodSeconds = t.metricPeriodSeconds;
                this.scaleOutDatapoints = t.scaleOutDatapoints;
                this.scaleInDatapoints = t.scaleInDatapoints;
                this.tensorParallelSize = t.tensorParallelSize;
            }

            public Builder enabled(boolean enabled) {
                this.enabled = enabled;
                return this;
            }

            public Builder instanceType(String instanceType) {
                this.instanceType = instanceType;
                return this;
            }

            public Builder gpu(String gpu) {
                this.gpu = gpu;
                return this;
            }

            public Builder model(String model) {
                this.model = model;
                return this;
            }

            public Builder weightFormat(String weightFormat) {
                this.weightFormat = weightFormat;
                return this;
            }

            public Builder maxNumSeqs(int maxNumSeqs) {
                this.maxNumSeqs = maxNumSeqs;
                return this;
            }

            public Builder minInstances(int minInstances) {
                this.minInstances = minInstances;
                return this;
            }

            public Builder maxInstances(int maxInstances) {
                this.maxInstances = maxInstances;
                return this;
            }

            public Builder instanceStartSeconds(double instanceStartSeconds) {
                this.instanceStartSeconds = instanceStartSeconds;
                return this;
            }

            public Builder containerUpSeconds(double containerUpSeconds) {
                this.containerUpSeconds = containerUpSeconds;
                return this;
            }

            public Builder readinessGate(boolean readinessGate) {
                this.readinessGate = readinessGate;
                return this;
            }

            public Builder coldPenaltyMs(double coldPenaltyMs) {
                this.coldPenaltyMs = coldPenaltyMs;
                return this;
            }

            public Builder prefillTokensPerSecond(double prefillTokensPerSecond) {
                this.prefillTokensPerSecond = prefillTokensPerSecond;
                return this;
            }

            public Builder itlBaseMs(double itlBaseMs) {
                this.itlBaseMs = itlBaseMs;
                return this;
            }

            public Builder batchSlowdown(double batchSlowdown) {
                this.batchSlowdown = batchSlowdown;
                return this;
            }

            public Builder oomProbability(double oomProbability) {
                this.oomProbability = oomProbability;
                return this;
            }

            public Builder oomPromptTokens(int oomPromptTokens) {
                this.oomPromptTokens = oomPromptTokens;
                return this;
            }

            public Builder metricPeriodSeconds(double metricPeriodSeconds) {
                this.metricPeriodSeconds = metricPeriodSeconds;
                return this;
            }

            public Builder scaleOutDatapoints(int scaleOutDatapoints) {
                this.scaleOutDatapoints = scaleOutDatapoints;
                return this;
            }

            public Builder scaleInDatapoints(int scaleInDatapoints) {
                this.scaleInDatapoints = scaleInDatapoints;
                return this;
            }

            public Builder tensorParallelSize(int tensorParallelSize) {
                this.tensorParallelSize = tensorParallelSize;
                return this;
            }

            public GpuTierSettings build() {
                return new GpuTierSettings(enabled, instanceType, gpu, model, weightFormat, maxNumSeqs, minInstances, maxInstances,
                        instanceStartSeconds, containerUpSeconds, readinessGate, coldPenaltyMs, prefillTokensPerSecond, itlBaseMs,
                        batchSlowdown, oomProbability, oomPromptTokens, metricPeriodSeconds, scaleOutDatapoints, scaleInDatapoints,
                        tensorParallelSize);
            }
        }
    }

    /** What a client does when refused: retry after the server's {@code retryAfter}, give up after this long. */
    public record ClientSettings(double giveUpSeconds, double throttledRetrySeconds) {
    }

    /**
     * The generated traffic: a diurnal baseline over {@code users} plus chapter-drop spikes, or
     * {@code phases} of constant rate (the platform bench's profile) when phases are given.
     */
    public record TrafficSettings(long users, double turnsPerUserPerHour, double durationSeconds, double startHour,
                                  double diurnalAmplitude, double diurnalPeakHour, double conversationTurnsMean,
                                  double thinkTimeSeconds, double japaneseShare, double tokensInMean, double tokensOutMean,
                                  double tokensOutMax, double tokensSigma, List<Spike> spikes, List<Phase> phases, long seed) {

        public TrafficSettings withUsers(long value) {
            return new TrafficSettings(value, turnsPerUserPerHour, durationSeconds, startHour, diurnalAmplitude, diurnalPeakHour,
                    conversationTurnsMean, thinkTimeSeconds, japaneseShare, tokensInMean, tokensOutMean, tokensOutMax, tokensSigma, spikes, phases, seed);
        }

        /** The same traffic shape at another rate, for another span, with these spikes and no phases. */
        public TrafficSettings withRate(double perUserPerHour, double seconds, List<Spike> newSpikes) {
            return new TrafficSettings(users, perUserPerHour, seconds, startHour, diurnalAmplitude, diurnalPeakHour, conversationTurnsMean,
                    thinkTimeSeconds, japaneseShare, tokensInMean, tokensOutMean, tokensOutMax, tokensSigma, newSpikes, List.of(), seed);
        }

        /** Constant-rate phases instead of the daily shape, for {@code seconds}. */
        public TrafficSettings withPhases(List<Phase> newPhases, double seconds) {
            return new TrafficSettings(users, turnsPerUserPerHour, seconds, startHour, diurnalAmplitude, diurnalPeakHour, conversationTurnsMean,
                    thinkTimeSeconds, japaneseShare, tokensInMean, tokensOutMean, tokensOutMax, tokensSigma, List.of(), newPhases, seed);
        }
    }

    /** Traffic multiplied by {@code factor}, reached linearly over {@code riseSeconds}, decaying exponentially. */
    public record Spike(double atSeconds, double factor, double riseSeconds, double decaySeconds) {
    }

    /** A constant rate of new turns for a while. */
    public record Phase(String name, double seconds, double turnsPerSecond) {
    }

    /**
     * Per-principal token budgets (ADR 0046): tokens (prompt + completion) a user's answers may be charged per UTC day and
     * per UTC month before new messages are refused {@code quota_exceeded}; 0 sets no budget. The simulation starts every
     * principal at zero in both windows (what it spent before the run is unknown), resets the day at UTC midnight on the
     * traffic's clock ({@code traffic.startHour}), and holds the month for the whole run (runs are hours, not months).
     */
    public record QuotaSettings(long dailyTokens, long monthlyTokens) {

        public static final QuotaSettings NONE = new QuotaSettings(0, 0);

        public QuotaSettings {
            if (dailyTokens < 0 || monthlyTokens < 0) {
                throw new IllegalArgumentException("a token budget is 0 (none) or positive, got " + dailyTokens + " a day, " + monthlyTokens + " a month");
            }
        }

        /** True when either window has a budget: only then does a run keep per-principal usage. */
        public boolean enabled() {
            return dailyTokens > 0 || monthlyTokens > 0;
        }

        public QuotaSettings withDailyTokens(long value) {
            return new QuotaSettings(value, monthlyTokens);
        }

        public QuotaSettings withMonthlyTokens(long value) {
            return new QuotaSettings(dailyTokens, value);
        }
    }

    public static PlannerConfig defaults() {
        return parse("default-planner.json", JsonFiles.resource(DEFAULT_RESOURCE));
    }

    public static String defaultsJson() {
        return new String(JsonFiles.resource(DEFAULT_RESOURCE), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static PlannerConfig load(Path file) {
        return parse(file.toString(), JsonFiles.file(file));
    }

    public PlannerConfig withRouting(RoutingSettings value) {
        return new PlannerConfig(value, gateway, fargate, overflow, retrieval, gpu, client, traffic, quota);
    }

    public PlannerConfig withFargate(FargateSettings value) {
        return new PlannerConfig(routing, gateway, value, overflow, retrieval, gpu, client, traffic, quota);
    }

    public PlannerConfig withOverflow(OverflowSettings value) {
        return new PlannerConfig(routing, gateway, fargate, value, retrieval, gpu, client, traffic, quota);
    }

    public PlannerConfig withRetrieval(RetrievalSettings value) {
        return new PlannerConfig(routing, gateway, fargate, overflow, value, gpu, client, traffic, quota);
    }

    public PlannerConfig withSmallTier(GpuTierSettings value) {
        return new PlannerConfig(routing, gateway, fargate, overflow, retrieval, new GpuSettings(value, gpu.large()), client, traffic, quota);
    }

    /** The same deployment without its large tier ({@code -c largeTier=off}: every turn goes to the small tier). */
    public PlannerConfig withoutLargeTier() {
        GpuTierSettings off = gpu.large().toBuilder().enabled(false).build();
        return new PlannerConfig(routing, gateway, fargate, overflow, retrieval, new GpuSettings(gpu.small(), off), client, traffic, quota);
    }

    public PlannerConfig withClient(ClientSettings value) {
        return new PlannerConfig(routing, gateway, fargate, overflow, retrieval, gpu, value, traffic, quota);
    }

    public PlannerConfig withTraffic(TrafficSettings value) {
        return new PlannerConfig(routing, gateway, fargate, overflow, retrieval, gpu, client, value, quota);
    }

    public PlannerConfig withQuota(QuotaSettings value) {
        return new PlannerConfig(routing, gateway, fargate, overflow, retrieval, gpu, client, traffic, value);
    }

    public static PlannerConfig parse(String file, byte[] json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (IOException e) {
            throw new PlannerInputException(file + ": is not JSON (" + e.getMessage() + ").", e);
        }
        ConfigNode root = ConfigNode.root(file, tree);
        root.rejectUnknown(Set.of("routing", "gateway", "fargate", "overflow", "retrieval", "gpu", "client", "traffic", "quota"));
        PlannerConfig config = new PlannerConfig(routing(root.object("routing")), gateway(root.object("gateway")),
                fargate(root.object("fargate")), overflow(root.object("overflow")), retrieval(root.object("retrieval")), gpu(root.object("gpu")),
                client(root.object("client")), traffic(root.object("traffic")), quota(root.object("quota")));
        config.checkPlatformRules(root);
        return config;
    }

    /** The rules the CDK app enforces on a deployment apply to a plan of one. */
    private void checkPlatformRules(ConfigNode root) {
        for (GpuTierSettings tier : List.of(gpu.small(), gpu.large())) {
            String path = tier == gpu.small() ? "gpu.small" : "gpu.large";
            if (tier.enabled() && tier.minInstances() < ScalingTargets.MIN_GPU_INSTANCES) {
                throw root.refuse(path + ".minInstances", "must be at least " + ScalingTargets.MIN_GPU_INSTANCES
                        + " (the platform keeps two hot instances so a cold one never carries traffic alone), got " + tier.minInstances());
            }
            if (tier.enabled() && tier.maxInstances() < tier.minInstances()) {
                throw root.refuse(path + ".maxInstances", "must be at least minInstances (" + tier.minInstances() + "), got " + tier.maxInstances());
            }
            if (tier.containerUpSeconds() > tier.instanceStartSeconds()) {
                throw root.refuse(path + ".containerUpSeconds", "must not exceed instanceStartSeconds");
            }
        }
        if (!gpu.small().enabled()) {
            throw root.refuse("gpu.small.enabled", "must be true: every turn can go to the small tier");
        }
        if (fargate.maxTasks() < fargate.minTasks()) {
            throw root.refuse("fargate.maxTasks", "must be at least minTasks (" + fargate.minTasks() + "), got " + fargate.maxTasks());
        }
        if (fargate.startMaxSeconds() < fargate.startMinSeconds()) {
            throw root.refuse("fargate.startMaxSeconds", "must be at least startMinSeconds");
        }
        if (retrieval.latencyP99Ms() < retrieval.latencyP50Ms()) {
            throw root.refuse("retrieval.latencyP99Ms", "must be at least latencyP50Ms (" + retrieval.latencyP50Ms() + "), got " + retrieval.latencyP99Ms());
        }
        int masters = retrieval.domain().masterNodes();
        if (masters != 0 && masters != 3 && masters != 5) {
            throw root.refuse("retrieval.domain.masterNodes", "must be 0, 3 or 5 (as the CDK app's SearchSizing: an odd count keeps a quorum), got " + masters);
        }
    }

    private static RoutingSettings routing(ConfigNode n) {
        n.rejectUnknown(Set.of("spillMode", "ttftSlaMillis", "systemPromptTokens", "affinity"));
        String mode = n.text("spillMode");
        SpillMode spillMode;
        try {
            spillMode = SpillMode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw n.refuse(n.path() + ".spillMode", "must be hybrid, baseline-only or overflow-only, got '" + mode + "'");
        }
        return new RoutingSettings(spillMode, n.integer("ttftSlaMillis", 1, 600_000), n.integer("systemPromptTokens", 0, 100_000),
                n.bool("affinity"));
    }

    private static GatewaySettings gateway(ConfigNode n) {
        n.rejectUnknown(Set.of("throttleRatePerSecond", "throttleBurst", "newConnectionsPerSecond", "idleTimeoutSeconds",
                "maxConnectionSeconds", "deliveryMs", "tokensPerFrame"));
        return new GatewaySettings(n.number("throttleRatePerSecond", 0.001, 1e9), n.integer("throttleBurst", 1, 1_000_000_000),
                n.number("newConnectionsPerSecond", 0.001, 1e9), n.number("idleTimeoutSeconds", 1, 86_400),
                n.number("maxConnectionSeconds", 1, 86_400), n.number("deliveryMs", 0, 60_000), n.integer("tokensPerFrame", 1, 100_000));
    }

    private static FargateSettings fargate(ConfigNode n) {
        n.rejectUnknown(Set.of("vcpu", "memoryGb", "turnCapacity", "minTasks", "maxTasks", "startMinSeconds", "startMaxSeconds",
                "cpuMsPerTurn", "overheadMs", "metricPeriodSeconds", "scaleOutDatapoints", "scaleInDatapoints"));
        return new FargateSettings(n.number("vcpu", 0.25, 16), n.number("memoryGb", 0.5, 120), n.integer("turnCapacity", 1, 100_000),
                n.integer("minTasks", 1, 5000), n.integer("maxTasks", 1, 5000), n.number("startMinSeconds", 0, 3600),
                n.number("startMaxSeconds", 0, 3600), n.number("cpuMsPerTurn", 0, 60_000), n.number("overheadMs", 0, 60_000),
                n.number("metricPeriodSeconds", 1, 3600), n.integer("scaleOutDatapoints", 1, 1000), n.integer("scaleInDatapoints", 1, 1000));
    }

    private static OverflowSettings overflow(ConfigNode n) {
        n.rejectUnknown(Set.of("sqsSendMs", "pollLatencyMs", "batchSize", "maxConcurrency", "initialConcurrency", "rampPerMinute",
                "memoryMb", "snapStart", "coldInitMs", "restoreMs", "firstInvokeMs", "perMessageMs", "environmentIdleSeconds",
                "queueMonitorSeconds"));
        return new OverflowSettings(n.number("sqsSendMs", 0, 60_000), n.number("pollLatencyMs", 0, 60_000), n.integer("batchSize", 1, 10),
                n.integer("maxConcurrency", 2, 1000), n.integer("initialConcurrency", 1, 1000), n.integer("rampPerMinute", 1, 100_000),
                n.integer("memoryMb", 128, 10_240), n.bool("snapStart"), n.number("coldInitMs", 0, 600_000), n.number("restoreMs", 0, 600_000),
                n.number("firstInvokeMs", 0, 600_000), n.number("perMessageMs", 0, 600_000), n.number("environmentIdleSeconds", 0, 86_400),
                n.number("queueMonitorSeconds", 0.1, 3600));
    }

    private static RetrievalSettings retrieval(ConfigNode n) {
        n.rejectUnknown(Set.of("enabled", "latencyP50Ms", "latencyP99Ms", "deadlineMs", "embedCpuMs", "domain"));
        ConfigNode d = n.object("domain");
        d.rejectUnknown(Set.of("dataInstanceType", "dataNodes", "masterInstanceType", "masterNodes", "volumeGiB"));
        SearchDomainSettings domain = new SearchDomainSettings(d.text("dataInstanceType"), d.integer("dataNodes", 1, 1000),
                d.text("masterInstanceType"), d.integer("masterNodes", 0, 5), d.integer("volumeGiB", 10, 1_000_000));
        return new RetrievalSettings(n.bool("enabled"), n.number("latencyP50Ms", 0.001, 600_000), n.number("latencyP99Ms", 0.001, 600_000),
                n.number("deadlineMs", 1, 600_000), n.number("embedCpuMs", 0, 60_000), domain);
    }

    private static GpuSettings gpu(ConfigNode n) {
        n.rejectUnknown(Set.of("small", "large"));
        return new GpuSettings(tier(n.object("small")), tier(n.object("large")));
    }

    private static GpuTierSettings tier(ConfigNode n) {
        n.rejectUnknown(Set.of("enabled", "instanceType", "gpu", "model", "weightFormat", "maxNumSeqs", "minInstances", "maxInstances",
                "instanceStartSeconds", "containerUpSeconds", "readinessGate", "coldPenaltyMs", "prefillTokensPerSecond", "itlBaseMs",
                "batchSlowdown", "oomProbability", "oomPromptTokens", "metricPeriodSeconds", "scaleOutDatapoints", "scaleInDatapoints",
                "tensorParallelSize"));
        return GpuTierSettings.builder()
                .enabled(n.bool("enabled"))
                .instanceType(n.text("instanceType"))
                .gpu(n.text("gpu"))
                .model(n.text("model"))
                .weightFormat(n.text("weightFormat"))
                .maxNumSeqs(n.integer("maxNumSeqs", 1, 4096))
                .minInstances(n.integer("minInstances", 0, 1000))
                .maxInstances(n.integer("maxInstances", 0, 1000))
                .instanceStartSeconds(n.number("instanceStartSeconds", 0, 3600))
                .containerUpSeconds(n.number("containerUpSeconds", 0, 3600))
                .readinessGate(n.bool("readinessGate"))
                .coldPenaltyMs(n.number("coldPenaltyMs", 0, 600_000))
                .prefillTokensPerSecond(n.number("prefillTokensPerSecond", 1, 1e9))
                .itlBaseMs(n.number("itlBaseMs", 0.001, 10_000))
                .batchSlowdown(n.number("batchSlowdown", 0, 10))
                .oomProbability(n.number("oomProbability", 0, 1))
                .oomPromptTokens(n.integer("oomPromptTokens", 0, 10_000_000))
                .metricPeriodSeconds(n.number("metricPeriodSeconds", 1, 3600))
                .scaleOutDatapoints(n.integer("scaleOutDatapoints", 1, 1000))
                .scaleInDatapoints(n.integer("scaleInDatapoints", 1, 10_000))
                .tensorParallelSize(n.integer("tensorParallelSize", 1, 64))
                .build();
    }

    private static ClientSettings client(ConfigNode n) {
        n.rejectUnknown(Set.of("giveUpSeconds", "throttledRetrySeconds"));
        return new ClientSettings(n.number("giveUpSeconds", 0, 3600), n.number("throttledRetrySeconds", 0.001, 3600));
    }

    private static QuotaSettings quota(ConfigNode n) {
        n.rejectUnknown(Set.of("dailyTokens", "monthlyTokens"));
        return new QuotaSettings(n.integer("dailyTokens", 0, Integer.MAX_VALUE), n.integer("monthlyTokens", 0, Integer.MAX_VALUE));
    }

    private static TrafficSettings traffic(ConfigNode n) {
        n.rejectUnknown(Set.of("users", "turnsPerUserPerHour", "durationSeconds", "startHour", "diurnalAmplitude", "diurnalPeakHour",
                "conversationTurnsMean", "thinkTimeSeconds", "japaneseShare", "tokensInMean", "tokensOutMean", "tokensOutMax", "tokensSigma", "spikes",
                "phases", "seed"));
        List<Spike> spikes = n.objects("spikes").stream().map(s -> {
            s.rejectUnknown(Set.of("atSeconds", "factor", "riseSeconds", "decaySeconds"));
            return new Spike(s.number("atSeconds", 0, 1e7), s.number("factor", 1, 10_000), s.number("riseSeconds", 0, 1e6),
                    s.number("decaySeconds", 0.001, 1e7));
        }).toList();
        List<Phase> phases = n.objects("phases").stream().map(p -> {
            p.rejectUnknown(Set.of("name", "seconds", "turnsPerSecond"));
            return new Phase(p.text("name"), p.number("seconds", 0.001, 1e7), p.number("turnsPerSecond", 0, 1e7));
        }).toList();
        return new TrafficSettings(n.integer("users", 1, 1_000_000_000), n.number("turnsPerUserPerHour", 0, 10_000),
                n.number("durationSeconds", 1, 7 * 86_400), n.number("startHour", 0, 24), n.number("diurnalAmplitude", 0, 0.99),
                n.number("diurnalPeakHour", 0, 24), n.number("conversationTurnsMean", 1, 1000), n.number("thinkTimeSeconds", 0, 86_400),
                n.number("japaneseShare", 0, 1), n.number("tokensInMean", 1, 100_000), n.number("tokensOutMean", 1, 100_000),
                n.number("tokensOutMax", 1, 100_000), n.number("tokensSigma", 0, 3), spikes, phases, n.integer("seed", 0, Integer.MAX_VALUE));
    }
}
