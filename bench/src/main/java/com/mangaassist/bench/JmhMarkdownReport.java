package com.mangaassist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file into the Markdown table kept in docs/benchmarks.md, with the
 * machine's details, so the published figures are produced rather than retyped.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar com.mangaassist.bench.JmhMarkdownReport result.json}
 */
public final class JmhMarkdownReport {

    private JmhMarkdownReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: JmhMarkdownReport <jmh-result.json>");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Files.readString(Path.of(args[0])));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Machine: %s, %d cores, JDK %s (%s), max heap %d MiB%n%n",
                System.getProperty("os.arch") + " " + System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20));
        out.append("| benchmark | params | threads | score | error (99.9 %) | unit |\n");
        out.append("|---|---|---:|---:|---:|---|\n");
        for (JsonNode result : results) {
            String name = result.get("benchmark").asText().replace("com.mangaassist.bench.", "");
            StringBuilder params = new StringBuilder();
            JsonNode p = result.get("params");
            if (p != null) {
                for (Map.Entry<String, JsonNode> entry : p.properties()) {
                    params.append(params.length() == 0 ? "" : ", ").append(entry.getKey()).append('=').append(entry.getValue().asText());
                }
            }
            JsonNode metric = result.get("primaryMetric");
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %s |%n", name, params.length() == 0 ? "-" : params,
                    result.get("threads").asInt(), metric.get("score").asDouble(), metric.get("scoreError").asDouble(),
                    metric.get("scoreUnit").asText()));
        }
        System.out.print(out);
    }
}
