package com.mangaassist.infra;

import static com.mangaassist.infra.ContextOverridesTest.logicalId;
import static com.mangaassist.infra.KnowledgeSearchTest.castMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.infra.observability.MetricRead;
import com.mangaassist.infra.observability.MetricReads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Template;

/**
 * The knowledge search domain's alarms and dashboard read OpenSearch Service's own metrics as it
 * publishes them ({@code AWS/ES} under exactly {@code DomainName} and {@code ClientId}, the
 * account), page through the platform's alarm topic, and a quiet domain never pages.
 */
class KnowledgeSearchAlarmsTest {

    private final Template template = SynthesizedPlatform.of("dev").template();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "MangaAssist-dev-search-status-red,    ClusterStatus.red,    Maximum, 1,    1, GreaterThanOrEqualToThreshold",
            "MangaAssist-dev-search-status-yellow, ClusterStatus.yellow, Maximum, 1,    5, GreaterThanOrEqualToThreshold",
            // 25 % of the 10 GiB volume, in the megabytes FreeStorageSpace counts.
            "MangaAssist-dev-search-free-storage,  FreeStorageSpace,     Minimum, 2560, 1, LessThanOrEqualToThreshold",
            "MangaAssist-dev-search-jvm-pressure,  JVMMemoryPressure,    Maximum, 95,   3, GreaterThanOrEqualToThreshold",
            "MangaAssist-dev-search-latency-p99,   SearchLatency,        p99,     50,   5, GreaterThanOrEqualToThreshold"})
    void alarm_whenSynthesized_readsTheDomainsMetricAndPagesTheAlarmTopic(String name, String metric, String statistic, int threshold,
                                                                         int periods, String comparison) {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", name, "Namespace", "AWS/ES", "MetricName", metric,
                statistic.startsWith("p") ? "ExtendedStatistic" : "Statistic", statistic, "Threshold", threshold,
                "EvaluationPeriods", periods, "Period", 60, "ComparisonOperator", comparison, "TreatMissingData", "notBreaching"));
        Map<String, Object> alarm = castMap(template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties", Map.of("AlarmName", name)))
                .values().iterator().next().get("Properties"));
        assertThat(alarm.get("Dimensions")).asList().containsExactlyInAnyOrder(
                Map.of("Name", "DomainName", "Value", Map.of("Ref", logicalId(template, "AWS::OpenSearchService::Domain", "KnowledgeDomain"))),
                Map.of("Name", "ClientId", "Value", SynthesizedPlatform.ACCOUNT));
        assertThat(alarm.get("AlarmActions").toString()).contains("ObservabilityAlarms");
    }

    @Test
    void dashboard_whenSynthesized_graphsTheDomainsMetricsUnderDomainNameAndClientId() {
        List<MetricRead> reads = MetricReads.of(template.toJSON()).stream()
                .filter(read -> read.namespace().equals("AWS/ES") && read.readBy().startsWith("ObservabilityDashboard")).toList();

        assertThat(reads).extracting(MetricRead::identity).containsExactlyInAnyOrder(
                "AWS/ES SearchLatency [ClientId, DomainName]", "AWS/ES ClusterStatus.red [ClientId, DomainName]",
                "AWS/ES ClusterStatus.yellow [ClientId, DomainName]", "AWS/ES FreeStorageSpace [ClientId, DomainName]",
                "AWS/ES JVMMemoryPressure [ClientId, DomainName]");
        assertThat(reads).allSatisfy(read -> assertThat(read.dimensions()).containsEntry("ClientId", SynthesizedPlatform.ACCOUNT));
    }
}
