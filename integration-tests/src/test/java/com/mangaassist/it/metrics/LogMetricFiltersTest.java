package com.mangaassist.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Metric filters applied to a log as CloudWatch Logs applies them, over a fixture of gpu-endpoint events. */
class LogMetricFiltersTest {

    private static final String NS = "MangaAssist/GpuEndpoint";
    private static final Map<String, Object> DEPLOYMENT = Map.of("Key", "deployment", "Value", "$.deployment");

    @Test
    void publishedBy_whenAnEventMatches_publishesOneUnderTheDeploymentTheEventCarries() {
        List<PublishedMetric> published = LogMetricFilters.publishedBy(LogMetricFilters.in(template(
                filter("OomEscalationFilter", "event=oom_escalation*", "OOMEscalation", Map.of("Unit", "Count", "Dimensions", List.of(DEPLOYMENT))))),
                fixture());

        // The second escalation lacks the field and the third is not JSON: neither publishes.
        assertThat(published).containsExactly(new PublishedMetric(NS, "OOMEscalation", new TreeMap<>(Map.of("deployment", "MangaAssist-dev")), "Count"));
    }

    @Test
    void publishedBy_whenAPatternEndsInAWildcard_matchesThatPrefixOnly() {
        List<PublishedMetric> published = LogMetricFilters.publishedBy(LogMetricFilters.in(template(
                filter("OomTripFilter", "event=breaker_transition to=OPEN*", "OOMTrips", Map.of("Dimensions", List.of(DEPLOYMENT))))), fixture());

        assertThat(published).singleElement().extracting(PublishedMetric::unit).isEqualTo("None");
    }

    @Test
    void in_whenAFilterSetsADefaultValueBesideDimensions_refusesItAsCloudWatchDoes() {
        Map<String, Object> template = template(filter("F", "event=x*", "M", Map.of("DefaultValue", 0, "Dimensions", List.of(DEPLOYMENT))));

        assertThatThrownBy(() -> LogMetricFilters.in(template)).hasMessageContaining("default value beside dimensions");
    }

    @Test
    void in_whenADimensionIsNotAFieldOfTheEvent_refusesIt() {
        Map<String, Object> template = template(filter("F", "event=x*", "M",
                Map.of("Dimensions", List.of(Map.of("Key", "deployment", "Value", "MangaAssist-dev")))));

        assertThatThrownBy(() -> LogMetricFilters.in(template)).hasMessageContaining("takes dimension values only from the event");
    }

    @Test
    void publishedBy_whenThePatternIsAFormItDoesNotUnderstand_refusesRatherThanGuesses() {
        Map<String, Object> template = Map.of("Resources", Map.of("F", Map.of("Type", "AWS::Logs::MetricFilter", "Properties", Map.of(
                "FilterPattern", "{ ($.level = \"ERROR\") && ($.formattedMessage = \"event=*\") }",
                "MetricTransformations", List.of(Map.of("MetricNamespace", NS, "MetricName", "M", "MetricValue", "1"))))));

        assertThatThrownBy(() -> LogMetricFilters.publishedBy(LogMetricFilters.in(template), fixture()))
                .hasMessageContaining("not a form LogMetricFilters understands");
    }

    private static Map<String, Object> filter(String id, String messagePattern, String metric, Map<String, Object> extra) {
        Map<String, Object> transformation = new java.util.HashMap<>(Map.of("MetricNamespace", NS, "MetricName", metric, "MetricValue", "1"));
        transformation.putAll(extra);
        return Map.of(id, Map.of("Type", "AWS::Logs::MetricFilter", "Properties", Map.of(
                "FilterPattern", "{ $.formattedMessage = \"" + messagePattern + "\" }", "MetricTransformations", List.of(transformation))));
    }

    private static Map<String, Object> template(Map<String, Object> resources) {
        return Map.of("Resources", resources);
    }

    private static Path fixture() {
        try {
            return Path.of(LogMetricFiltersTest.class.getResource("/metric-filters/gpu-endpoint.log").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
