package com.mangaassist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Sets two platform-bench runs side by side ({@code platform-bench.json} of a baseline build and of
 * this one, run one after the other on one machine so they share its noise), with the per-turn
 * cost goals of issue 16 beside them. Usage: {@code PlatformComparison before.json after.json
 * out.md [before-label after-label]}; bench/compare-platform.sh runs both benches and then this.
 */
public final class PlatformComparison {

    private final JsonNode before;
    private final JsonNode after;
    private final StringBuilder out = new StringBuilder();

    PlatformComparison(JsonNode before, JsonNode after) {
        this.before = before;
        this.after = after;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: PlatformComparison before.json after.json out.md [before-label after-label]");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper();
        String beforeLabel = args.length > 3 ? args[3] : "before";
        String afterLabel = args.length > 4 ? args[4] : "after";
        String markdown = new PlatformComparison(json.readTree(Path.of(args[0]).toFile()), json.readTree(Path.of(args[1]).toFile()))
                .markdown(beforeLabel, afterLabel);
        Files.writeString(Path.of(args[2]), markdown);
        System.out.print(markdown);
    }

    String markdown(String beforeLabel, String afterLabel) {
        out.append(String.format(Locale.ROOT, "Before: %s (run %s, %.0f s). After: %s (run %s, %.0f s). Same machine (%d cores), one after the other.%n%n",
                beforeLabel, before.path("run").asText(), before.path("wallSeconds").asDouble(), afterLabel, after.path("run").asText(),
                after.path("wallSeconds").asDouble(), after.path("cores").asInt()));
        out.append("| figure | before | after | goal |\n|---|---:|---:|---|\n");
        JsonNode b = before.path("overhead");
        JsonNode a = after.path("overhead");
        row("orchestrator CPU per turn, turn work (after warm-up)", b, a, "cpuTurnWorkMs", "%.3f ms", "≤ 1.0 ms");
        row("orchestrator CPU per turn, all in (JIT and GC included)", b, a, "cpuAllMs", "%.3f ms", "≤ 3 ms");
        row("of which JIT compilation", b, a, "cpuJitMs", "%.3f ms", "");
        row("of which GC and VM", b, a, "cpuGcVmMs", "%.3f ms", "");
        row("AWS calls per turn", b, a, "awsCallsPerTurnAll", "%.2f", "≤ 6");
        row("added TTFT through gateway and orchestrator, p50", b, a, "addedTtftP50Ms", "%.1f ms", "");
        row("added TTFT through gateway and orchestrator, p99", b, a, "addedTtftP99Ms", "%.1f ms", "≤ 2 ms");
        row("added completion time, p99", b, a, "addedCompletionP99Ms", "%.1f ms", "");
        row("highest sustained rate", b, a, "maxSustainedPerSecond", "%.0f turns/s", "≥ 40 turns/s");
        out.append(String.format(Locale.ROOT, "| orchestrator share of a core at the highest sustained rate | %s | %s | ≤ 50 %% |%n",
                coreShareAtMax(b), coreShareAtMax(a)));
        out.append('\n');

        out.append("AWS calls per turn by type (the orchestrator's `aws.calls` counters over the sequential turns):\n\n");
        out.append("| call | before | after |\n|---|---:|---:|\n");
        TreeSet<String> calls = new TreeSet<>();
        b.path("awsCallsPerTurn").fieldNames().forEachRemaining(calls::add);
        a.path("awsCallsPerTurn").fieldNames().forEachRemaining(calls::add);
        for (String call : calls) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", call, number(b.path("awsCallsPerTurn").path(call), "%.2f", "0"),
                    number(a.path("awsCallsPerTurn").path(call), "%.2f", "0")));
        }
        out.append('\n');

        out.append("Open-loop rate steps (orchestrator CPU and TTFT p99 per step):\n\n");
        out.append("| offered | before: TTFT p99 | before: core share | before: CPU per turn | after: TTFT p99 | after: core share | after: CPU per turn |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        TreeSet<Double> rates = new TreeSet<>();
        b.path("ramp").forEach(step -> rates.add(step.path("offeredPerSecond").asDouble()));
        a.path("ramp").forEach(step -> rates.add(step.path("offeredPerSecond").asDouble()));
        for (double rate : rates) {
            JsonNode bs = step(b, rate);
            JsonNode as = step(a, rate);
            out.append(String.format(Locale.ROOT, "| %.0f/s | %s | %s | %s | %s | %s | %s |%n", rate, number(bs.path("ttftP99Ms"), "%.1f ms", "—"),
                    percent(bs.path("orchestratorCoreShare")), number(bs.path("cpuAllMs"), "%.3f ms", "—"), number(as.path("ttftP99Ms"), "%.1f ms", "—"),
                    percent(as.path("orchestratorCoreShare")), number(as.path("cpuAllMs"), "%.3f ms", "—")));
        }
        out.append('\n');

        out.append("Burst (TTFT p99 and spill per phase):\n\n");
        out.append("| configuration | phase | before: TTFT p99 | after: TTFT p99 | before: spilled | after: spilled | before: lost | after: lost |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.startsWith("burst.")) {
                continue;
            }
            JsonNode phasesAfter = after.path(name);
            JsonNode phasesBefore = before.path(name);
            for (Iterator<String> phases = phasesAfter.fieldNames(); phases.hasNext(); ) {
                String phase = phases.next();
                JsonNode pa = phasesAfter.path(phase);
                JsonNode pb = phasesBefore.path(phase);
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", name.substring("burst.".length()), phase,
                        number(pb.path("ttftP99Ms"), "%,.0f ms", "never"), number(pa.path("ttftP99Ms"), "%,.0f ms", "never"),
                        number(pb.path("spilledPercent"), "%.0f %%", "—"), number(pa.path("spilledPercent"), "%.0f %%", "—"),
                        number(pb.path("lost"), "%.0f", "—"), number(pa.path("lost"), "%.0f", "—")));
            }
        }
        out.append('\n');
        return out.toString();
    }

    private void row(String name, JsonNode b, JsonNode a, String field, String format, String goal) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", name, number(b.path(field), format, "—"), number(a.path(field), format, "—"), goal));
    }

    private static JsonNode step(JsonNode overhead, double rate) {
        for (JsonNode step : overhead.path("ramp")) {
            if (step.path("offeredPerSecond").asDouble() == rate) {
                return step;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String coreShareAtMax(JsonNode overhead) {
        return percent(step(overhead, overhead.path("maxSustainedPerSecond").asDouble()).path("orchestratorCoreShare"));
    }

    private static String percent(JsonNode share) {
        return share.isNumber() ? String.format(Locale.ROOT, "%.0f %%", share.asDouble() * 100) : "—";
    }

    /** A number as {@code format}, or {@code absent} when the run has none (a percentile on a turn never answered is null). */
    private static String number(JsonNode value, String format, String absent) {
        return value.isNumber() ? String.format(Locale.ROOT, format, value.asDouble()) : absent;
    }
}
