package com.mangaassist.infra.observability;

import com.mangaassist.shared.contract.MetricNames;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * One dashboard and the alarms an on-call engineer needs: overflow backlog and age, DLQ depth,
 * spill rate, TTFT p99 against the SLA, endpoint 5xx and latency, warmup failures, OOM trips, and
 * the Fargate fleet's CPU and size. Every alarm notifies the encrypted alarm topic. The TTFT and
 * failure alarms have fixed names because ECS deployments roll back on them.
 */
public final class Observability extends Construct {

    private final Topic alarmTopic;
    private final Dashboard dashboard;

    /** Names of the alarms ECS rolls a deployment back on; the baseline is created before them. */
    public static List<String> orchestratorRollbackAlarmNames(String prefix) {
        return List.of(prefix + "-ttft-p99", prefix + "-turn-failures");
    }

    public Observability(Construct scope, String id, String prefix, IKey key, int ttftSlaMillis, Queue overflow, Queue deadLetters,
                         FargateService service, List<Alarm> endpointAlarms, String endpointName) {
        super(scope, id);
        this.alarmTopic = Topic.Builder.create(this, "Alarms").masterKey(key).enforceSsl(true).build();

        Metric queueDepth = overflow.metricApproximateNumberOfMessagesVisible(periodMinute());
        Metric oldestAge = overflow.metricApproximateAgeOfOldestMessage(periodMinute());
        Metric dlqDepth = deadLetters.metricApproximateNumberOfMessagesVisible(periodMinute());
        Metric ttftP99 = orchestrator(MetricNames.TURN_TTFT, "p99", Map.of());
        Metric failures = orchestrator(MetricNames.TURNS_FAILED, "Sum", Map.of());
        Metric spilled = orchestrator(MetricNames.TURNS_ROUTED, "Sum", Map.of("route", "overflow"));
        Metric baseline = orchestrator(MetricNames.TURNS_ROUTED, "Sum", Map.of("route", "baseline"));
        Metric shed = orchestrator(MetricNames.TURNS_ROUTED, "Sum", Map.of("route", "shed"));
        MathExpression spillRate = MathExpression.Builder.create().label("spill rate (%)")
                .expression("100 * spilled / (spilled + baseline + shed)")
                .usingMetrics(Map.of("spilled", spilled, "baseline", baseline, "shed", shed)).period(Duration.minutes(1)).build();
        Metric warmupFailures = gpu(MetricNames.WARMUP_FAILURES);
        Metric oomTrips = gpu(MetricNames.OOM_TRIPS);
        Metric cpu = service.metricCpuUtilization(periodMinute());
        Metric tasks = Metric.Builder.create().namespace("ECS/ContainerInsights").metricName("RunningTaskCount").statistic("Average")
                .dimensionsMap(Map.of("ClusterName", service.getCluster().getClusterName(), "ServiceName", service.getServiceName()))
                .period(Duration.minutes(1)).build();

        alarm("OverflowBacklog", prefix + "-overflow-backlog", "Overflow queue deeper than 500 for 5 minutes", queueDepth, 500, 5);
        alarm("OverflowAge", prefix + "-overflow-oldest-age", "Oldest overflow message older than 60 s", oldestAge, 60, 3);
        alarm("DeadLetters", prefix + "-overflow-dlq", "Messages reached the overflow DLQ", dlqDepth, 1, 1);
        List<String> rollback = orchestratorRollbackAlarmNames(prefix);
        alarm("TtftP99", rollback.get(0), "p99 time to first token above the " + ttftSlaMillis + " ms SLA", ttftP99, ttftSlaMillis, 3);
        alarm("TurnFailures", rollback.get(1), "More than 20 turns a minute ended in an error frame", failures, 20, 3);
        alarm("WarmupFailures", prefix + "-gpu-warmup-failures", "A GPU instance failed to load or warm up", warmupFailures, 1, 1);
        alarm("OomTrips", prefix + "-gpu-oom-trips", "The OOM breaker opened on a GPU instance", oomTrips, 1, 1);
        alarm("FargateCpu", prefix + "-orchestrator-cpu", "Orchestrator CPU above 85 % for 10 minutes", cpu, 85, 10);
        endpointAlarms.forEach(a -> a.addAlarmAction(new SnsAction(alarmTopic)));

        this.dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(prefix).build();
        dashboard.addWidgets(
                graph("Overflow queue depth and DLQ", List.of(queueDepth, dlqDepth)),
                graph("Oldest overflow message (s)", List.of(oldestAge)),
                graph("Spill rate", List.of(spillRate)));
        dashboard.addWidgets(
                graph("Time to first token p99 (ms)", List.of(ttftP99)),
                graph("Routes taken", List.of(baseline, spilled, shed)),
                graph("GPU endpoint 5xx and model latency", List.of(
                        sageMaker(endpointName, "Invocation5XXErrors", "Sum"), sageMaker(endpointName, "ModelLatency", "p99"))));
        dashboard.addWidgets(
                graph("Warmup failures and OOM trips", List.of(warmupFailures, oomTrips)),
                graph("Fargate CPU (%)", List.of(cpu)),
                graph("Fargate running tasks", List.of(tasks)));
    }

    private void alarm(String id, String name, String description, IMetric metric, double threshold, int periods) {
        Alarm alarm = Alarm.Builder.create(this, id).alarmName(name).alarmDescription(description).metric(metric)
                .threshold(threshold).evaluationPeriods(periods).comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING).build();
        alarm.addAlarmAction(new SnsAction(alarmTopic));
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(List.copyOf(metrics)).width(8).build();
    }

    private static software.amazon.awscdk.services.cloudwatch.MetricOptions periodMinute() {
        return software.amazon.awscdk.services.cloudwatch.MetricOptions.builder().period(Duration.minutes(1)).build();
    }

    private static Metric orchestrator(String name, String statistic, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace(MetricNames.ORCHESTRATOR_NAMESPACE).metricName(name).statistic(statistic)
                .dimensionsMap(dimensions).period(Duration.minutes(1)).build();
    }

    private static Metric gpu(String name) {
        return Metric.Builder.create().namespace(MetricNames.GPU_NAMESPACE).metricName(name).statistic("Sum").period(Duration.minutes(1)).build();
    }

    private static Metric sageMaker(String endpointName, String name, String statistic) {
        return Metric.Builder.create().namespace("AWS/SageMaker").metricName(name).statistic(statistic).period(Duration.minutes(1))
                .dimensionsMap(Map.of("EndpointName", endpointName, "VariantName", "AllTraffic")).build();
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
