package com.mangaassist.infra.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every metric a synthesized CloudFormation template reads: alarms (single metric or metric math),
 * dashboards and target-tracking scaling policies with customized metrics. A contract test puts
 * this list beside what the services publish, so an alarm that watches a metric nobody publishes
 * (a renamed metric, a missing dimension) fails the build instead of staying quiet in production.
 *
 * <p>Dashboard bodies are usually an {@code Fn::Join} of literal JSON and tokens (a cluster name, a
 * queue name); tokens become placeholders such as {@code ${Ref:Queue4A7E3555}} inside the JSON
 * strings, so dimension names always resolve and token values stay recognizable; a literal value
 * (the {@code deployment}, a route) is read as written. Predefined
 * scaling metrics (CPU, SageMaker invocations per instance) are AWS's own and not listed.
 */
public final class MetricReads {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** CloudWatch's default when neither the metric nor the widget names a statistic. */
    static final String DASHBOARD_DEFAULT_STAT = "Average";

    private MetricReads() {
    }

    /** @param template a template as {@code Template.toJSON()} or a JSON parser returns it */
    public static List<MetricRead> of(Map<String, ?> template) {
        JsonNode tree = JSON.valueToTree(template);
        return of(tree);
    }

    public static List<MetricRead> of(JsonNode template) {
        List<MetricRead> reads = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> resources = template.path("Resources").fields();
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> resource = resources.next();
            String id = resource.getKey();
            JsonNode properties = resource.getValue().path("Properties");
            switch (resource.getValue().path("Type").asText()) {
                case "AWS::CloudWatch::Alarm" -> alarm(properties, id, reads);
                case "AWS::CloudWatch::Dashboard" -> dashboard(properties.path("DashboardBody"), id, reads);
                case "AWS::ApplicationAutoScaling::ScalingPolicy" -> scalingPolicy(properties, id, reads);
                default -> {
                }
            }
        }
        return List.copyOf(reads);
    }

    private static void alarm(JsonNode properties, String id, List<MetricRead> reads) {
        if (properties.has("MetricName")) {
            String statistic = properties.has("ExtendedStatistic") ? text(properties.get("ExtendedStatistic")) : text(properties.path("Statistic"));
            reads.add(MetricRead.of(text(properties.path("Namespace")), text(properties.get("MetricName")),
                    dimensions(properties.path("Dimensions")), statistic, id));
        }
        metricStats(properties.path("Metrics"), id, reads);
    }

    private static void scalingPolicy(JsonNode properties, String id, List<MetricRead> reads) {
        JsonNode custom = properties.path("TargetTrackingScalingPolicyConfiguration").path("CustomizedMetricSpecification");
        if (custom.has("MetricName")) {
            reads.add(MetricRead.of(text(custom.path("Namespace")), text(custom.get("MetricName")), dimensions(custom.path("Dimensions")),
                    text(custom.path("Statistic")), id));
        }
        metricStats(custom.path("Metrics"), id, reads);
    }

    /** Metric-math entries: those with a MetricStat read a metric; expressions read only other entries. */
    private static void metricStats(JsonNode metrics, String id, List<MetricRead> reads) {
        for (JsonNode entry : metrics) {
            JsonNode stat = entry.path("MetricStat");
            if (stat.isObject()) {
                JsonNode metric = stat.path("Metric");
                reads.add(MetricRead.of(text(metric.path("Namespace")), text(metric.path("MetricName")),
                        dimensions(metric.path("Dimensions")), text(stat.path("Stat")), id));
            }
        }
    }

    private static Map<String, String> dimensions(JsonNode dimensions) {
        Map<String, String> named = new LinkedHashMap<>();
        for (JsonNode dimension : dimensions) {
            named.put(text(dimension.path("Name")), text(dimension.path("Value")));
        }
        return named;
    }

    private static void dashboard(JsonNode body, String id, List<MetricRead> reads) {
        JsonNode document;
        try {
            document = JSON.readTree(flatten(body));
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard " + id + " has a body that is not JSON once its tokens are replaced", e);
        }
        for (JsonNode widget : document.path("widgets")) {
            JsonNode properties = widget.path("properties");
            String widgetStat = properties.path("stat").asText(DASHBOARD_DEFAULT_STAT);
            List<String> previous = List.of();
            for (JsonNode row : properties.path("metrics")) {
                List<String> fields = new ArrayList<>();
                JsonNode options = null;
                for (JsonNode element : row) {
                    if (element.isObject()) {
                        options = element;
                    } else {
                        // "." repeats the element at the same position of the row above (dashboard shorthand).
                        String value = element.asText();
                        fields.add(value.equals(".") && fields.size() < previous.size() ? previous.get(fields.size()) : value);
                    }
                }
                if (fields.size() < 2) {
                    continue; // a math expression row: {"expression": ..., "id": ...} reads no metric itself
                }
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (int i = 2; i + 1 < fields.size(); i += 2) {
                    dimensions.put(fields.get(i), fields.get(i + 1));
                }
                String stat = options != null && options.has("stat") ? options.get("stat").asText() : widgetStat;
                reads.add(MetricRead.of(fields.get(0), fields.get(1), dimensions, stat, id));
                previous = fields;
            }
        }
    }

    /** A literal string, an {@code Fn::Join} of literals and tokens (nested joins included), or a lone token. */
    static String flatten(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        JsonNode join = value.path("Fn::Join");
        if (join.isArray() && join.size() == 2) {
            String separator = join.get(0).asText();
            List<String> parts = new ArrayList<>();
            for (JsonNode part : join.get(1)) {
                parts.add(flatten(part));
            }
            return String.join(separator, parts);
        }
        return placeholder(value);
    }

    /** A JSON-string-safe stand-in for an intrinsic function: no quotes or backslashes. */
    private static String placeholder(JsonNode token) {
        if (token.has("Ref")) {
            return "${Ref:" + token.get("Ref").asText() + "}";
        }
        JsonNode getAtt = token.path("Fn::GetAtt");
        if (getAtt.isArray() && getAtt.size() == 2) {
            return "${GetAtt:" + getAtt.get(0).asText() + "." + getAtt.get(1).asText() + "}";
        }
        if (getAtt.isTextual()) {
            return "${GetAtt:" + getAtt.asText() + "}";
        }
        Iterator<String> names = token.fieldNames();
        return "${" + (names.hasNext() ? names.next() : "Token") + "}";
    }

    private static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isTextual() ? value.asText() : placeholder(value);
    }
}
