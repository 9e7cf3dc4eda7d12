package com.mangaassist.infra.observability;

import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.model.TierReason;
import java.util.stream.Stream;

import com.mangaassist.infra.config.AlarmEmail;
import com.mangaassist.infra.knowledge.KnowledgeSearch;
import com.mangaassist.infra.pipeline.TurnPipelineAccess;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.domain.Route;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.opensearchservice.IDomain;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * One dashboard and the alarms an on-call engineer needs: overflow backlog and age, DLQ depth,
 * spill rate, TTFT p99 against the SLA, turn failures on both paths, an orchestrator that stopped
 * publishing, endpoint 5xx and latency, warmup failures, OOM trips, the Fargate fleet's CPU
 * and size, retrieval in the turn on both paths (engine timeouts and failures, latency against the
 * deadline: {@link RetrievalSignals}), and the knowledge search domain's health, storage, heap and
 * search latency, and what users say of the answers (ratings per rating, path and model tier, ADR 0045); and who
 * uses the tokens: the heaviest callers on the dashboard and a saved Logs Insights query ({@link UsageByPrincipal}, ADR 0046).
 * Every metric the platform publishes is read under the {@code deployment} dimension
 * ({@link TurnMetrics}, {@link GpuLogMetrics}); the domain's are OpenSearch Service's own
 * ({@code AWS/ES} under {@code DomainName} and {@code ClientId}, as CDK's domain metrics read them).
 *
 * <p>Missing data: the rollback alarms treat it as not breaching, because a deployment at no
 * traffic must not roll back; so that their silence is never mistaken for health, the
 * {@code orchestrator-metrics-missing} alarm breaches when no task publishes at all. It is not a
 * rollback alarm: a service already in ALARM would roll back the very deployment that fixes it.
 */
public final class Observability extends Construct {

    /** Turns a minute ending in an error frame that page (each compute path on its own). */
    public static final int TURN_FAILURES_THRESHOLD = 20;
    /** The design's KV-cache alarm (seeds 001: above 95 % through two 5-minute periods): the engine preempts or queues next. */
    public static final double KV_CACHE_ALARM = 0.95;
    /** The design's waiting-requests alarm (seeds 001: more than 50 waiting) on one engine. */
    public static final int WAITING_ALARM = 50;
    /** The design's preemption alarm (seeds 001: 10 preemptions in 5 minutes). */
    public static final int PREEMPTIONS_ALARM = 10;
    /**
     * Shard-level search latency, p99, that pages: issue 26's goal for a whole retrieval is p99 50 ms,
     * so a domain whose shards alone take longer cannot meet it.
     */
    public static final int SEARCH_LATENCY_P99_MILLIS = 50;
    /** AWS's recommended JVM memory pressure alarm: at 95 % for three minutes the node is close to an out-of-memory stop. */
    public static final int SEARCH_JVM_PRESSURE_PERCENT = 95;
    /**
     * Retrieval time p99 that pages: the deadline the services run on. A turn's retrieval time stops
     * at the deadline, so a p99 there means at least one turn in a hundred ran out of time and was
     * answered without context: the engine is too slow for the budget (ADR 0029's sizes).
     */
    public static final long RETRIEVAL_LATENCY_P99_MILLIS = TurnPipelineAccess.RETRIEVAL_DEADLINE.toMillis();
    /** The feedback widget (ADR 0045). */
    public static final String ANSWERS_RATED_TITLE = "Answers rated by users (per rating, path and model tier)";

    private final AlarmTopic alarms;
    private final Dashboard dashboard;

    /**
     * What the alarms and the dashboard watch besides the turn metrics.
     *
     * @param endpoints every model tier's endpoint, the small one first
     * @param turnLogs  the log groups both compute paths log to (the orchestrator's, the overflow function's): where the
     *                  usage lines per caller are ({@link UsageByPrincipal})
     */
    public record Watched(Queue overflow, Queue deadLetters, FargateService service, List<WatchedEndpoint> endpoints,
                          KnowledgeSearch search, List<ILogGroup> turnLogs) {

        public Watched {
            turnLogs = List.copyOf(turnLogs);
        }
    }

    /** Names of the alarms ECS rolls a deployment back on; the baseline is created before them. */
    public static List<String> orchestratorRollbackAlarmNames(String prefix) {
        return List.of(prefix + "-ttft-p99", prefix + "-turn-failures");
    }

    public Observability(Construct scope, String id, String prefix, int ttftSlaMillis, Watched watched, Optional<AlarmEmail> email) {
        super(scope, id);
        this.alarms = new AlarmTopic(this, "Alarms", email);
        TurnMetrics orchestrator = TurnMetrics.orchestrator(prefix);
        TurnMetrics overflow = TurnMetrics.overflow(prefix);

        Metric queueDepth = watched.overflow().metricApproximateNumberOfMessagesVisible(perMinute());
        Metric oldestAge = watched.overflow().metricApproximateAgeOfOldestMessage(perMinute());
        Metric dlqDepth = watched.deadLetters().metricApproximateNumberOfMessagesVisible(perMinute());
        Metric spilled = orchestrator.routed(Route.OVERFLOW);
        Metric baseline = orchestrator.routed(Route.BASELINE);
        Metric shed = orchestrator.routed(Route.SHED);
        MathExpression spillRate = MathExpression.Builder.create().label("spill rate (%)")
                .expression("100 * spilled / (spilled + baseline + shed)")
                .usingMetrics(Map.of("spilled", spilled, "baseline", baseline, "shed", shed)).period(Duration.minutes(1)).build();
        FargateService service = watched.service();
        Metric cpu = service.metricCpuUtilization(perMinute());
        Metric tasks = Metric.Builder.create().namespace("ECS/ContainerInsights").metricName("RunningTaskCount").statistic("Average")
                .dimensionsMap(Map.of("ClusterName", service.getCluster().getClusterName(), "ServiceName", service.getServiceName()))
                .period(Duration.minutes(1)).build();

        alarm("OverflowBacklog", prefix + "-overflow-backlog", "Overflow queue deeper than 500 for 5 minutes", queueDepth, 500, 5);
        alarm("OverflowAge", prefix + "-overflow-oldest-age", "Oldest overflow message older than 60 s", oldestAge, 60, 3);
        alarm("DeadLetters", prefix + "-overflow-dlq", "Messages reached the overflow DLQ", dlqDepth, 1, 1);
        List<String> rollback = orchestratorRollbackAlarmNames(prefix);
        alarm("TtftP99", rollback.get(0), "Orchestrator p99 time to first token above the " + ttftSlaMillis + " ms SLA",
                orchestrator.ttftP99(), ttftSlaMillis, 3);
        alarm("TurnFailures", rollback.get(1), "More than " + TURN_FAILURES_THRESHOLD + " orchestrator turns a minute ended in an error frame",
                orchestrator.failed(), TURN_FAILURES_THRESHOLD, 3);
        alarm("OverflowTurnFailures", prefix + "-overflow-turn-failures", "More than " + TURN_FAILURES_THRESHOLD
                + " overflow turns a minute ended in an error frame", overflow.failed(), TURN_FAILURES_THRESHOLD, 3);
        Alarm silent = Alarm.Builder.create(this, "OrchestratorMetricsMissing").alarmName(prefix + "-orchestrator-metrics-missing")
                .alarmDescription("No orchestrator task published turn metrics for 5 minutes: the TTFT and failure alarms are blind")
                .metric(orchestrator.completedSamples()).threshold(1).evaluationPeriods(5)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD).treatMissingData(TreatMissingData.BREACHING).build();
        silent.addAlarmAction(new SnsAction(alarms.topic()));
        List<TierSignals> tiers = watched.endpoints().stream().map(endpoint -> tierAlarms(prefix, endpoint)).toList();
        alarm("FargateCpu", prefix + "-orchestrator-cpu", "Orchestrator CPU above 85 % for 10 minutes", cpu, 85, 10);
        watched.endpoints().forEach(endpoint -> endpoint.alarms().forEach(a -> a.addAlarmAction(new SnsAction(alarms.topic()))));

        RetrievalSignals orchestratorRetrieval = new RetrievalSignals(orchestrator, "orchestrator");
        RetrievalSignals overflowRetrieval = new RetrievalSignals(overflow, "overflow");
        retrievalAlarms("", prefix + "-", "Orchestrator", orchestratorRetrieval);
        retrievalAlarms("Overflow", prefix + "-overflow-", "Overflow", overflowRetrieval);

        // OpenSearch Service publishes cluster status, storage and heap every minute whatever the traffic, and search
        // latency only while searches run: missing data is a gap in CloudWatch or a quiet domain, not a sick one.
        IDomain domain = watched.search().domain();
        Metric statusRed = domain.metricClusterStatusRed(perMinute());
        Metric statusYellow = domain.metricClusterStatusYellow(perMinute());
        Metric freeStorage = domain.metricFreeStorageSpace(perMinute());
        Metric jvmPressure = domain.metricJVMMemoryPressure(perMinute());
        Metric searchLatency = domain.metricSearchLatency(perMinute());
        alarm("SearchStatusRed", prefix + "-search-status-red", "A primary shard of the knowledge search domain is unassigned: "
                + "retrieval fails for what it holds", statusRed, 1, 1);
        // Five minutes: a blue/green configuration change relocates shards and passes through yellow on its way.
        alarm("SearchStatusYellow", prefix + "-search-status-yellow", "A replica shard of the knowledge search domain has been "
                + "unassigned for 5 minutes", statusYellow, 1, 5);
        alarm("SearchFreeStorage", prefix + "-search-free-storage", "A knowledge search data node has less than "
                + Math.round(KnowledgeSearch.FREE_STORAGE_FLOOR * 100) + " % of its volume free", freeStorage,
                watched.search().freeStorageFloorMegabytes(), 1, ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD);
        alarm("SearchJvmPressure", prefix + "-search-jvm-pressure", "Knowledge search JVM memory pressure at "
                + SEARCH_JVM_PRESSURE_PERCENT + " % for 3 minutes", jvmPressure, SEARCH_JVM_PRESSURE_PERCENT, 3);
        alarm("SearchLatency", prefix + "-search-latency-p99", "Knowledge search shard latency p99 at or above "
                + SEARCH_LATENCY_P99_MILLIS + " ms for 5 minutes", searchLatency, SEARCH_LATENCY_P99_MILLIS, 5);

        this.dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(prefix).build();
        dashboard.addWidgets(
                graph("Overflow queue depth and DLQ", List.of(queueDepth, dlqDepth)),
                graph("Oldest overflow message (s)", List.of(oldestAge)),
                graph("Spill rate", List.of(spillRate)));
        dashboard.addWidgets(
                graph("Time to first token p99 (ms)", List.of(labelled(orchestrator.ttftP99(), "orchestrator"),
                        labelled(overflow.ttftP99(), "overflow"))),
                graph("Routes taken", List.of(baseline, spilled, shed)),
                graph("Turns completed and failed", List.of(labelled(orchestrator.completed(), "orchestrator completed"),
                        labelled(overflow.completed(), "overflow completed"), labelled(orchestrator.failed(), "orchestrator failed"),
                        labelled(overflow.failed(), "overflow failed"))));
        dashboard.addWidgets(
                graph("Turn capacity used (%) and turns in flight", List.of(orchestrator.capacityUsed(), orchestrator.inFlight())),
                graph("GPU endpoint 5xx and model latency", watched.endpoints().stream().flatMap(endpoint -> Stream.of(
                        labelled(sageMaker(endpoint.endpointName(), "Invocation5XXErrors", "Sum"), endpoint.endpointName() + " 5xx"),
                        labelled(sageMaker(endpoint.endpointName(), "ModelLatency", "p99"), endpoint.endpointName() + " latency p99")))
                        .toList()),
                graph("Warmup failures and OOM trips", tiers.stream().flatMap(t -> Stream.of(labelled(t.warmupFailures(),
                        t.tier() + " warmup failures"), labelled(t.oomTrips(), t.tier() + " OOM trips"))).toList()));
        dashboard.addWidgets(
                graph("GPU engine KV cache in use (max of instances)", tiers.stream().map(t -> labelled(t.kvCache(), t.tier())).toList()),
                graph("GPU engine requests waiting and running (max of instances)", tiers.stream().flatMap(t -> Stream.of(
                        labelled(t.waiting(), t.tier() + " waiting"), labelled(t.running(), t.tier() + " running"))).toList()),
                graph("GPU engine preemptions", tiers.stream().map(t -> labelled(t.preemptions(), t.tier())).toList()));
        dashboard.addWidgets(graph("GPU instance TTFT p99 (ms, the slowest instance)", tiers.stream().map(t -> labelled(
                        GpuLogMetrics.of(prefix, ModelTier.valueOf(t.tier().toUpperCase(java.util.Locale.ROOT))).maximum(MetricNames.ENGINE_TTFT_P99),
                        t.tier())).toList()),
                graph("GPU prefix-cache hit rate (mean of instances)", watched.endpoints().stream().map(e -> labelled(
                        GpuLogMetrics.of(prefix, e.tier()).average(MetricNames.ENGINE_PREFIX_CACHE_HIT_RATE), GpuLogMetrics.tierValue(e.tier())))
                        .toList()),
                graph("Turns per model tier and why (both paths)", modelTierTurns(orchestrator, overflow)),
                graph("Conversation affinity: stateful sessions per outcome (both paths)", MetricNames.GPU_SESSION_OUTCOMES.stream().flatMap(outcome -> Stream.of(labelled(orchestrator.gpuSessions(outcome),
                        "orchestrator " + outcome), labelled(overflow.gpuSessions(outcome), "overflow " + outcome))).toList()));
        dashboard.addWidgets(graph(ANSWERS_RATED_TITLE, answersRated(orchestrator)));
        dashboard.addWidgets(
                graph("Fargate CPU (%)", List.of(cpu)),
                graph("Fargate running tasks", List.of(tasks)),
                graph("Knowledge search latency p99 (ms)", List.of(searchLatency)));
        dashboard.addWidgets(RetrievalSignals.dashboardRow(orchestratorRetrieval, overflowRetrieval, RETRIEVAL_LATENCY_P99_MILLIS)
                .toArray(IWidget[]::new));
        dashboard.addWidgets(
                graph("Knowledge search cluster status (red, yellow)", List.of(statusRed, statusYellow)),
                graph("Knowledge search free storage, least-free node (MB)", List.of(freeStorage)),
                graph("Knowledge search JVM memory pressure (%)", List.of(jvmPressure)));
        // Per-caller token usage (ADR 0046): the heaviest callers here, the saved query for any range and more of them.
        dashboard.addWidgets(UsageByPrincipal.widget(watched.turnLogs()));
        UsageByPrincipal.savedQuery(this, "UsageByPrincipal", prefix, watched.turnLogs());
    }

    /** One tier's engine signals, as its alarms read them and the dashboard draws them. */
    private record TierSignals(String tier, Metric warmupFailures, Metric oomTrips, Metric kvCache, Metric waiting, Metric running,
                               Metric preemptions) {
    }

    /**
     * A tier's GPU alarms, on its own {@code tier} dimension: the small tier's keep the names they had
     * before tiers (no suffix), the large tier's end in {@code -large}.
     */
    private TierSignals tierAlarms(String prefix, WatchedEndpoint endpoint) {
        ModelTier tier = endpoint.tier();
        String tierName = GpuLogMetrics.tierValue(tier);
        String id = tier == ModelTier.SMALL ? "" : "Large";
        String name = tier == ModelTier.SMALL ? "" : "-" + tierName;
        String of = tier == ModelTier.SMALL ? "" : " (" + tierName + " tier)";
        GpuLogMetrics gpu = GpuLogMetrics.of(prefix, tier);
        // Unlabelled for the alarms (a label turns an alarm's metric into a metric-math expression); the dashboard labels them.
        TierSignals t = new TierSignals(tierName, gpu.sum(MetricNames.WARMUP_FAILURES), gpu.sum(MetricNames.OOM_TRIPS),
                gpu.maximum(MetricNames.ENGINE_KV_CACHE_USAGE), gpu.maximum(MetricNames.ENGINE_REQUESTS_WAITING),
                gpu.maximum(MetricNames.ENGINE_REQUESTS_RUNNING), gpu.sum(MetricNames.ENGINE_PREEMPTIONS));
        alarm(id + "WarmupFailures", prefix + "-gpu-warmup-failures" + name, "A GPU instance failed to load or warm up" + of,
                t.warmupFailures(), 1, 1);
        alarm(id + "OomTrips", prefix + "-gpu-oom-trips" + name, "The OOM breaker opened on a GPU instance" + of, t.oomTrips(), 1, 1);
        // The design's early warnings, from the engine itself (ADR 0036): a full KV cache or a deep engine queue comes
        // before the time to first token moves; sustained preemptions mean sequences are being recomputed.
        // Periods as the design's alarm definitions give them (seeds 001).
        alarm(id + "EngineKvCache", prefix + "-gpu-kv-cache" + name, "A GPU engine's KV cache above " + Math.round(KV_CACHE_ALARM * 100)
                + " % through two 5-minute periods" + of, fiveMinutes(t.kvCache()), KV_CACHE_ALARM, 2, 2, ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm(id + "EngineWaiting", prefix + "-gpu-engine-waiting" + name, "More than " + WAITING_ALARM
                + " requests waiting in a GPU engine for a minute" + of, t.waiting(), WAITING_ALARM, 1, 1, ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm(id + "EnginePreemptions", prefix + "-gpu-preemptions" + name, PREEMPTIONS_ALARM
                + " or more sequences preempted by GPU engines in 5 minutes" + of, fiveMinutes(t.preemptions()), PREEMPTIONS_ALARM, 1);
        return t;
    }

    /**
     * Every rating of every path's every tier, as the orchestrator publishes them (the one process that takes feedback):
     * a thumbs-down share that moves with one path or tier points at it.
     */
    private static List<Metric> answersRated(TurnMetrics orchestrator) {
        List<Metric> metrics = new java.util.ArrayList<>();
        for (Rating rating : Rating.values()) {
            for (Route route : List.of(Route.BASELINE, Route.OVERFLOW)) {
                for (ModelTier tier : ModelTier.values()) {
                    metrics.add(labelled(orchestrator.answersRated(rating, route, tier), rating.wireName() + " " + route.wireName() + " " + tier.wireName()));
                }
            }
        }
        return metrics;
    }

    /** Every tier and reason a turn can be sent for, on both paths: {@code small large-absent} is a dev stack's large turns. */
    private static List<Metric> modelTierTurns(TurnMetrics orchestrator, TurnMetrics overflow) {
        List<Metric> metrics = new java.util.ArrayList<>();
        for (ModelTier tier : ModelTier.values()) {
            for (TierReason reason : TierReason.values()) {
                if (tier == ModelTier.LARGE && reason == TierReason.LARGE_ABSENT) {
                    continue;
                }
                String label = GpuLogMetrics.tierValue(tier) + " " + reason.wireName();
                metrics.add(labelled(orchestrator.modelTier(tier, reason), "orchestrator " + label));
                metrics.add(labelled(overflow.modelTier(tier, reason), "overflow " + label));
            }
        }
        return metrics;
    }

    /**
     * One path's retrieval alarms. Missing data does not breach: a path publishes retrieval metrics
     * only while it answers turns, and the overflow path is quiet between bursts.
     */
    private void retrievalAlarms(String idPrefix, String namePrefix, String path, RetrievalSignals retrieval) {
        alarm(idPrefix + "RetrievalEngineFailures", namePrefix + "retrieval-engine-failures", path + ": "
                + RetrievalSignals.ENGINE_FAILURE_PERCENT + " % or more of at least " + RetrievalSignals.ENGINE_FAILURE_MIN_TURNS
                + " retrieval turns in " + RetrievalSignals.ENGINE_FAILURE_WINDOW_MINUTES + " minutes timed out or failed: "
                + "they were answered without context (knowledge search or the orders table slow, down or refusing)",
                retrieval.engineFailurePercent(), RetrievalSignals.ENGINE_FAILURE_PERCENT, 1);
        alarm(idPrefix + "RetrievalLatency", namePrefix + "retrieval-latency-p99", path + ": retrieval p99 at the "
                + RETRIEVAL_LATENCY_P99_MILLIS + " ms deadline in " + RetrievalSignals.LATENCY_DATAPOINTS + " of "
                + RetrievalSignals.LATENCY_PERIODS + " minutes: one turn in a hundred or more ran out of time and was answered without context",
                retrieval.latencyP99(), RETRIEVAL_LATENCY_P99_MILLIS, RetrievalSignals.LATENCY_PERIODS, RetrievalSignals.LATENCY_DATAPOINTS,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    private void alarm(String id, String name, String description, IMetric metric, double threshold, int periods) {
        alarm(id, name, description, metric, threshold, periods, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    private void alarm(String id, String name, String description, IMetric metric, double threshold, int periods,
                       ComparisonOperator comparison) {
        alarm(id, name, description, metric, threshold, periods, periods, comparison);
    }

    /** Breaches when {@code datapoints} of the last {@code periods} periods are over the threshold; pages the alarm topic. */
    private void alarm(String id, String name, String description, IMetric metric, double threshold, int periods, int datapoints,
                       ComparisonOperator comparison) {
        Alarm alarm = Alarm.Builder.create(this, id).alarmName(name).alarmDescription(description).metric(metric)
                .threshold(threshold).evaluationPeriods(periods).comparisonOperator(comparison)
                // Left out when it is every period: CloudWatch's default, and the alarms that had none stay unchanged.
                .datapointsToAlarm(datapoints == periods ? null : datapoints)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        alarm.addAlarmAction(new SnsAction(alarms.topic()));
    }

    private static Metric fiveMinutes(Metric metric) {
        return metric.with(MetricOptions.builder().period(Duration.minutes(5)).build());
    }

    private static Metric labelled(Metric metric, String label) {
        return metric.with(MetricOptions.builder().label(label).build());
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(List.copyOf(metrics)).width(8).build();
    }

    private static MetricOptions perMinute() {
        return MetricOptions.builder().period(Duration.minutes(1)).build();
    }

    private static Metric sageMaker(String endpointName, String name, String statistic) {
        return Metric.Builder.create().namespace("AWS/SageMaker").metricName(name).statistic(statistic).period(Duration.minutes(1))
                .dimensionsMap(Map.of("EndpointName", endpointName, "VariantName", "AllTraffic")).build();
    }

    public Topic alarmTopic() {
        return alarms.topic();
    }

    public AlarmTopic alarms() {
        return alarms;
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
