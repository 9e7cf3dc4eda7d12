package com.mangaassist.it.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads a service's log the way CloudWatch Logs reads it: every line that is a JSON object with
 * an {@code _aws.CloudWatchMetrics} directive is an embedded-metric-format document, and each
 * directive declares its metrics under each of its dimension sets. A document whose declared
 * dimension or metric has no value is not extracted by CloudWatch, so it declares nothing here.
 */
final class EmfDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmfDocuments() {
    }

    static List<PublishedMetric> in(Path log) {
        List<String> lines;
        try {
            lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<PublishedMetric> metrics = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                metrics.addAll(declared(line));
            }
        }
        return metrics;
    }

    private static List<PublishedMetric> declared(String line) {
        JsonNode document;
        try {
            document = JSON.readTree(line);
        } catch (IOException notJson) {
            return List.of();
        }
        List<PublishedMetric> metrics = new ArrayList<>();
        for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
            String namespace = directive.path("Namespace").asText();
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                if (!hasValue(document.get(name))) {
                    continue;
                }
                for (JsonNode set : directive.path("Dimensions")) {
                    TreeMap<String, String> dimensions = new TreeMap<>();
                    boolean complete = true;
                    for (JsonNode dimension : set) {
                        JsonNode value = document.path(dimension.asText());
                        dimensions.put(dimension.asText(), value.asText());
                        complete &= value.isTextual();
                    }
                    if (complete) {
                        metrics.add(new PublishedMetric(namespace, name, dimensions, metric.path("Unit").asText("None")));
                    }
                }
            }
        }
        return metrics;
    }

    private static boolean hasValue(JsonNode value) {
        return value != null && (value.isNumber() || (value.isArray() && !value.isEmpty() && value.get(0).isNumber()));
    }
}
