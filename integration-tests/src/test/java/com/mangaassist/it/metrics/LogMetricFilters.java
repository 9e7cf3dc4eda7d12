package com.mangaassist.it.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template's CloudWatch Logs metric filters, applied to a service's log the way CloudWatch Logs
 * applies them: a JSON filter pattern matches a log event that is a JSON object, and each match
 * publishes the metric transformation's value under dimensions whose values are taken from the
 * event's fields. An event without a dimension's field has nothing to publish that dimension under,
 * so it publishes nothing. Only the pattern forms the stack uses are understood ({@code { $.field =
 * "value" }}, {@code *} a wildcard); any other form is refused rather than guessed, as is a filter
 * CloudWatch itself would refuse (a default value beside dimensions, a dimension that is not a field).
 */
final class LogMetricFilters {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EQUALITY = Pattern.compile("\\{\\s*(\\$(?:\\.[A-Za-z0-9_@-]+)+)\\s*(=|!=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*}");
    private static final Pattern SELECTOR = Pattern.compile("\\$(?:\\.[A-Za-z0-9_@-]+)+");

    /**
     * One filter's transformation.
     *
     * @param dimensions each dimension's name and the selector of the event field its value comes from
     */
    record Filter(String id, String pattern, String namespace, String metricName, String value, Map<String, String> dimensions, String unit) {

        boolean matches(JsonNode event) {
            Matcher equality = EQUALITY.matcher(pattern);
            if (!equality.matches()) {
                throw new IllegalArgumentException(id + ": filter pattern " + pattern + " is not a form LogMetricFilters understands");
            }
            JsonNode field = select(event, equality.group(1));
            boolean equal = field.isTextual() && wildcard(equality.group(3)).matcher(field.asText()).matches();
            return equality.group(2).equals("=") == equal;
        }
    }

    private LogMetricFilters() {
    }

    /** @param template a template as {@code Template.toJSON()} returns it */
    static List<Filter> in(Map<String, ?> template) {
        JsonNode tree = JSON.valueToTree(template);
        List<Filter> filters = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> resources = tree.path("Resources").fields();
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> resource = resources.next();
            if (!resource.getValue().path("Type").asText().equals("AWS::Logs::MetricFilter")) {
                continue;
            }
            String id = resource.getKey();
            JsonNode properties = resource.getValue().path("Properties");
            for (JsonNode transformation : properties.path("MetricTransformations")) {
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (JsonNode dimension : transformation.path("Dimensions")) {
                    String selector = dimension.path("Value").asText();
                    if (!SELECTOR.matcher(selector).matches()) {
                        throw new IllegalArgumentException(id + ": dimension " + dimension.path("Key").asText() + " = " + selector
                                + " is not a field of the event, and CloudWatch takes dimension values only from the event");
                    }
                    dimensions.put(dimension.path("Key").asText(), selector);
                }
                if (!dimensions.isEmpty() && transformation.has("DefaultValue")) {
                    throw new IllegalArgumentException(id + ": CloudWatch refuses a default value beside dimensions");
                }
                filters.add(new Filter(id, properties.path("FilterPattern").asText(), transformation.path("MetricNamespace").asText(),
                        transformation.path("MetricName").asText(), transformation.path("MetricValue").asText(), dimensions,
                        transformation.path("Unit").asText("None")));
            }
        }
        return List.copyOf(filters);
    }

    /** Every metric the filters publish from {@code log}, one per matching event. */
    static List<PublishedMetric> publishedBy(List<Filter> filters, Path log) {
        List<String> lines;
        try {
            lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<PublishedMetric> published = new ArrayList<>();
        for (String line : lines) {
            JsonNode event = event(line);
            if (event == null) {
                continue;
            }
            for (Filter filter : filters) {
                if (filter.matches(event)) {
                    published(filter, event, published);
                }
            }
        }
        return published;
    }

    private static void published(Filter filter, JsonNode event, List<PublishedMetric> published) {
        TreeMap<String, String> dimensions = new TreeMap<>();
        for (Map.Entry<String, String> dimension : filter.dimensions().entrySet()) {
            JsonNode value = select(event, dimension.getValue());
            if (!value.isValueNode() || value.isNull() || value.asText().isEmpty()) {
                return;
            }
            dimensions.put(dimension.getKey(), value.asText());
        }
        boolean valued = SELECTOR.matcher(filter.value()).matches() ? select(event, filter.value()).isNumber()
                : filter.value().matches("-?[0-9]+(\\.[0-9]+)?");
        if (valued) {
            published.add(new PublishedMetric(filter.namespace(), filter.metricName(), dimensions, filter.unit()));
        }
    }

    /** A log event CloudWatch's JSON patterns apply to: a line that is a JSON object. */
    private static JsonNode event(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            return node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static JsonNode select(JsonNode event, String selector) {
        JsonNode node = event;
        for (String name : selector.substring(2).split("\\.")) {
            node = node.path(name);
        }
        return node;
    }

    private static Pattern wildcard(String value) {
        String[] parts = value.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i].replace("\\\"", "\"")));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
