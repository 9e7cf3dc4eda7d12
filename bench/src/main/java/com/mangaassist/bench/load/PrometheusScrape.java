package com.mangaassist.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of a service's Prometheus text: a metric's samples keyed by their label set. */
public final class PrometheusScrape {

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final String text;

    public PrometheusScrape(String text) {
        this.text = text;
    }

    public static PrometheusScrape of(URI metrics) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new PrometheusScrape(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The labels of a key {@link #samples} wrote ({@code name=value,...}), by name. */
    public static Map<String, String> labels(String key) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : key.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                labels.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return labels;
    }

    /** Samples of {@code metric}, each keyed by its labels as {@code name=value,...} in the order written. */
    public Map<String, Double> samples(String metric) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "(?:\\{([^}]*)\\})?\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        while (m.find()) {
            StringBuilder key = new StringBuilder();
            if (m.group(1) != null) {
                Matcher label = LABEL.matcher(m.group(1));
                while (label.find()) {
                    key.append(key.length() == 0 ? "" : ",").append(label.group(1)).append('=').append(label.group(2));
                }
            }
            samples.put(key.toString(), Double.parseDouble(m.group(2)));
        }
        return samples;
    }
}
