package com.mangaassist.bench;

import com.mangaassist.bench.load.LatencyStats;
import com.mangaassist.bench.load.LoadPhase;
import com.mangaassist.bench.load.PhaseSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The Markdown that {@link PlatformBench} writes, and the verdicts the definition of done asks for. */
final class PlatformReport {

    private final BenchSettings settings;
    private final Path chartDirectory;
    private final StringBuilder out = new StringBuilder();
    /** The run's figures as data ({@code platform-bench.json}): what {@link PlatformComparison} sets side by side with another run's. */
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private Duration wall = Duration.ZERO;

    /** @param chartDirectory where the burst charts go, a sibling of the Markdown report ({@code platform-charts/}) */
    PlatformReport(BenchSettings settings, Path chartDirectory) {
        this.settings = settings;
        this.chartDirectory = chartDirectory;
    }

    void burst(List<BurstScenario.Result> results) {
        out.append("### Burst: hybrid, baseline-only and overflow-only side by side\n\n");
        out.append(String.format(Locale.ROOT, "Orchestrator capacity %d turns (one task), TTFT SLA %s; %s; Poisson arrivals (seed %d) over %d "
                        + "connected users, one conversation and one turn at a time each; a user retries a `busy` reply after its `retryAfterMs` for up "
                        + "to %d s, then gives up (an explicit answer, not a loss). GPU fleet: two simulated instances, max-num-seqs %d, 12 ms per "
                        + "token. Latencies are the user's, from the first send (retries included); a turn that was never answered counts as slower "
                        + "than every answered one (`never`), so refusing work cannot look fast.%n%n",
                settings.capacity(), LatencyStats.format(settings.ttftSla().toNanos()), profile(settings.burstProfile()), settings.seed(),
                settings.users(), settings.retryDeadline().toSeconds(), settings.gpuSeqs()));
        table(results);
        routing(results);
        charts(results);
        results.forEach(r -> figures.put("burst." + r.configuration(), phaseFigures(r)));
        Map<String, BurstScenario.Result> byName = results.stream().collect(Collectors.toMap(BurstScenario.Result::configuration, r -> r));
        BurstScenario.Result hybrid = byName.get("hybrid");
        BurstScenario.Result baseline = byName.get("baseline-only");
        long hybridP99 = hybrid.phases().get(1).ttft().percentile(0.99);
        long baselineP99 = baseline.phases().get(1).ttft().percentile(0.99);
        out.append(String.format(Locale.ROOT, "**Burst p99 TTFT**: hybrid %s, baseline-only %s, overflow-only %s. ", hybrid.phases().get(1).ttft().millis(0.99),
                baseline.phases().get(1).ttft().millis(0.99), byName.get("overflow-only").phases().get(1).ttft().millis(0.99)));
        if (baselineP99 == Long.MAX_VALUE) {
            out.append(String.format(Locale.ROOT, "Ratio hybrid / baseline-only: below %.3f (baseline-only's p99 turn was never answered within the "
                    + "%d s its user kept retrying, so %d s is a lower bound for it).%n%n", hybridP99 / (double) settings.retryDeadline().toNanos(),
                    settings.retryDeadline().toSeconds(), settings.retryDeadline().toSeconds()));
        } else {
            out.append(String.format(Locale.ROOT, "Ratio hybrid / baseline-only: %.3f.%n%n", hybridP99 / (double) baselineP99));
        }
        boolean withinSla = hybridP99 <= settings.ttftSla().toNanos();
        out.append(String.format(Locale.ROOT, "**Hybrid burst p99 TTFT within the %s SLA**: %s. **Turns lost**: %s.%n%n",
                LatencyStats.format(settings.ttftSla().toNanos()), withinSla ? "yes" : "no",
                results.stream().map(r -> r.configuration() + " " + r.all().lost()).collect(Collectors.joining(", "))));
        if (!withinSla) {
            failures.add("hybrid burst p99 TTFT " + hybrid.phases().get(1).ttft().millis(0.99) + " over the SLA");
        }
        results.forEach(this::checkLossless);
    }

    void gpuBottleneck(BurstScenario.Result result) {
        out.append("### Variant: the GPU fleet is the bottleneck\n\n");
        out.append(String.format(Locale.ROOT, "The same orchestrator (capacity %d, hybrid: spilling allowed) and users; the GPU fleet now has "
                        + "max-num-seqs %d per instance, so the burst exceeds the GPU before the task. %s. The policy should degrade (small model, "
                        + "short answers) and shed with `busy` rather than spill: a Lambda adds orchestration capacity, not GPU capacity.%n%n",
                settings.capacity(), settings.bottleneckSeqs(), profile(settings.gpuBottleneckProfile())));
        table(List.of(result));
        routing(List.of(result));
        charts(List.of(result));
        figures.put("burst." + result.configuration(), phaseFigures(result));
        double spilled = result.routed().entrySet().stream().filter(e -> e.getKey().contains("route=overflow")).mapToDouble(Map.Entry::getValue).sum();
        double gpuReasons = result.routed().entrySet().stream().filter(e -> e.getKey().contains("reason=gpu_")).mapToDouble(Map.Entry::getValue).sum();
        out.append(String.format(Locale.ROOT, "**Spilled**: %.0f turns; **degraded or shed for GPU pressure**: %.0f; **lost**: %d.%n%n", spilled,
                gpuReasons, result.all().lost()));
        checkLossless(result);
    }

    void overhead(OverheadScenario.Result r) {
        out.append("### Overhead: gateway → orchestrator → gpu-endpoint against a direct call\n\n");
        out.append(String.format(Locale.ROOT, "Instant simulated GPU (no prefill or decode time); orchestrator baseline-only with room for every "
                + "turn; %d sequential turns each way after warm-up turns (300 direct, %d through the stack). *Direct* is the pipeline's own `SageMakerInferenceClient` calling the "
                + "local SageMaker runtime path; *through the stack* is a chat message over the WebSocket gateway: gateway → orchestrator (decode, "
                + "route, ack, durable user turn in DynamoDB, history, budget) → the same runtime path → tokens back over @connections → WebSocket. "
                + "Everything, emulators and load generator included, shares the machine's cores.%n%n", settings.overheadTurns(),
                settings.overheadWarmup()));
        out.append("| path | TTFT p50 | TTFT p99 | completion p50 | completion p99 |\n|---|---:|---:|---:|---:|\n");
        row("direct to the gpu-endpoint", r.directTtft(), r.directCompletion());
        row("through gateway and orchestrator", r.stack().ttft(), r.stack().completion());
        out.append(String.format(Locale.ROOT, "| **added** | **%s** | **%s** | **%s** | **%s** |%n%n",
                delta(r.stack().ttft(), r.directTtft(), 0.5), delta(r.stack().ttft(), r.directTtft(), 0.99),
                delta(r.stack().completion(), r.directCompletion(), 0.5), delta(r.stack().completion(), r.directCompletion(), 0.99)));
        OverheadScenario.CpuPerTurn cpu = r.cpu();
        out.append(String.format(Locale.ROOT, "**Orchestrator CPU per turn** (its process's CPU time over the %d sequential turns, split by "
                        + "thread from /proc): %.3f ms in all, of which JIT compilation %.3f ms and GC/VM %.3f ms, leaving **%.3f ms of turn work** "
                        + "(request handling, routing, SDK calls to DynamoDB, Redis, SageMaker, @connections and Kinesis, logging and metrics). "
                        + "Idle, it uses %.1f %% of a core (readiness probe, queue-depth polling). Warm-up blocks of %d turns before this measured "
                        + "%s ms per turn in all: the JIT is still compiling the SDK and pipeline paths, which a long-running task has long "
                        + "finished.%n%n", settings.overheadTurns(), cpu.total(), cpu.jit(), cpu.gcAndVm(), cpu.turnWork(), r.idleCoreShare() * 100,
                OverheadScenario.BLOCK, r.warmupCpu().stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(" → "))));
        out.append(String.format(Locale.ROOT, "Open-loop steps of %d s, Poisson arrivals over 400 users; a step holds when every turn is answered "
                + "without `busy` and TTFT p99 stays within twice the sequential p99 (or the sequential p99 + 50 ms, whichever is more).%n%n", settings.rampStep().toSeconds()));
        out.append("| offered | answered/s | TTFT p50 | TTFT p99 | completion p99 | orchestrator CPU (share of one core) | CPU per turn, all | of which turn work |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (OverheadScenario.RampStep step : r.ramp()) {
            out.append(String.format(Locale.ROOT, "| %.0f/s | %.1f | %s | %s | %s | %.0f %% | %.3f ms | %.3f ms |%n", step.offeredRate(), step.achievedRate(),
                    step.summary().ttft().millis(0.5), step.summary().ttft().millis(0.99), step.summary().completion().millis(0.99),
                    step.orchestratorCoreShare() * 100, step.cpu().total(), step.cpu().turnWork()));
        }
        out.append(String.format(Locale.ROOT, "%n**Highest sustained rate before p99 degrades**: %.0f turns/s on this machine.%n%n", r.maxSustainedRate()));
        awsCalls(r.awsCallsPerTurn());
        overheadFigures(r);
        checkLossless("overhead", r.stack());
    }

    /** The orchestrator's AWS calls per sequential turn by type, from its {@code aws.calls} counters. */
    private void awsCalls(Map<String, Double> perTurn) {
        out.append(String.format(Locale.ROOT, "**AWS calls per turn** over the %d sequential turns, from the orchestrator's `aws.calls{service,operation}` "
                + "counters (the SDK's metric publisher on every client; a retried call counts once):%n%n", settings.overheadTurns()));
        out.append("| service | operation | calls per turn |\n|---|---|---:|\n");
        perTurn.forEach((call, count) -> {
            int space = call.lastIndexOf(' ');
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f |%n", call.substring(0, space), call.substring(space + 1), count));
        });
        out.append(String.format(Locale.ROOT, "| **all** | | **%.2f** |%n%n", perTurn.values().stream().mapToDouble(Double::doubleValue).sum()));
    }

    private void charts(List<BurstScenario.Result> results) {
        try {
            Files.createDirectories(chartDirectory);
            for (BurstScenario.Result result : results) {
                Path chart = chartDirectory.resolve(result.configuration() + ".svg");
                Files.writeString(chart, BurstChart.svg(result.configuration(), result.profile(), result.records(), settings.ttftSla()));
                out.append("![").append(result.configuration()).append(", second by second](").append(chartDirectory.getFileName())
                        .append('/').append(chart.getFileName()).append(")\n\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> phaseFigures(BurstScenario.Result result) {
        Map<String, Object> phases = new LinkedHashMap<>();
        List<PhaseSummary> rows = new ArrayList<>(result.phases());
        rows.add(result.all());
        for (PhaseSummary s : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("offered", s.offered());
            row.put("answered", s.answered());
            row.put("ttftP50Ms", millis(s.ttft().percentile(0.5)));
            row.put("ttftP99Ms", millis(s.ttft().percentile(0.99)));
            row.put("completionP99Ms", millis(s.completion().percentile(0.99)));
            row.put("spilledPercent", s.spillFraction() * 100);
            row.put("busyReplies", s.busyReplies());
            row.put("gaveUp", s.gaveUpBusy());
            row.put("lost", s.lost());
            phases.put(s.name(), row);
        }
        return phases;
    }

    private void overheadFigures(OverheadScenario.Result r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("addedTtftP50Ms", deltaMillis(r.stack().ttft(), r.directTtft(), 0.5));
        o.put("addedTtftP99Ms", deltaMillis(r.stack().ttft(), r.directTtft(), 0.99));
        o.put("addedCompletionP50Ms", deltaMillis(r.stack().completion(), r.directCompletion(), 0.5));
        o.put("addedCompletionP99Ms", deltaMillis(r.stack().completion(), r.directCompletion(), 0.99));
        o.put("cpuAllMs", r.cpu().total());
        o.put("cpuJitMs", r.cpu().jit());
        o.put("cpuGcVmMs", r.cpu().gcAndVm());
        o.put("cpuTurnWorkMs", r.cpu().turnWork());
        o.put("warmupCpuMs", r.warmupCpu());
        o.put("idleCoreShare", r.idleCoreShare());
        List<Map<String, Object>> ramp = new ArrayList<>();
        for (OverheadScenario.RampStep step : r.ramp()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("offeredPerSecond", step.offeredRate());
            row.put("answeredPerSecond", step.achievedRate());
            row.put("ttftP99Ms", millis(step.summary().ttft().percentile(0.99)));
            row.put("orchestratorCoreShare", step.orchestratorCoreShare());
            row.put("cpuAllMs", step.cpu().total());
            row.put("cpuTurnWorkMs", step.cpu().turnWork());
            ramp.add(row);
        }
        o.put("ramp", ramp);
        o.put("maxSustainedPerSecond", r.maxSustainedRate());
        o.put("awsCallsPerTurn", r.awsCallsPerTurn());
        o.put("awsCallsPerTurnAll", r.awsCallsPerTurn().values().stream().mapToDouble(Double::doubleValue).sum());
        figures.put("overhead", o);
    }

    /** Milliseconds, or {@code null} for a percentile that fell on a turn never answered. */
    private static Double millis(long nanos) {
        return nanos < 0 || nanos == Long.MAX_VALUE ? null : nanos / 1e6;
    }

    private static Double deltaMillis(LatencyStats through, LatencyStats direct, double quantile) {
        Double a = millis(through.percentile(quantile));
        Double b = millis(direct.percentile(quantile));
        return a == null || b == null ? null : a - b;
    }

    Map<String, Object> figures() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("run", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        all.put("wallSeconds", wall.toMillis() / 1e3);
        all.put("cores", Runtime.getRuntime().availableProcessors());
        all.putAll(figures);
        return all;
    }

    void wallTime(Duration value) {
        wall = value;
    }

    boolean verdictsHold() {
        return failures.isEmpty();
    }

    String markdown() {
        StringBuilder head = new StringBuilder();
        head.append(String.format(Locale.ROOT, "Machine: %s, %d cores, JDK %s; services on `%s`. Run %s, %.0f s in all.%n%n",
                System.getProperty("os.arch") + " " + System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), PlatformBench.SERVICE_JVM_FLAGS, Instant.now().truncatedTo(ChronoUnit.SECONDS), wall.toMillis() / 1e3));
        if (!failures.isEmpty()) {
            head.append("**Not met**: ").append(String.join("; ", failures)).append(".\n\n");
        }
        return head.append(out).toString();
    }

    private void table(List<BurstScenario.Result> results) {
        out.append("| configuration | phase | offered | answered | TTFT p50 | TTFT p95 | TTFT p99 | completion p50 | completion p95 | completion p99 "
                + "| spilled | busy replies | gave up | errors | lost |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BurstScenario.Result result : results) {
            List<PhaseSummary> rows = new ArrayList<>(result.phases());
            rows.add(result.all());
            for (PhaseSummary s : rows) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %.0f %% | %d | %d | %s | %d |%n",
                        result.configuration(), s.name(), s.offered(), s.answered(), s.ttft().millis(0.5), s.ttft().millis(0.95), s.ttft().millis(0.99),
                        s.completion().millis(0.5), s.completion().millis(0.95), s.completion().millis(0.99), s.spillFraction() * 100, s.busyReplies(),
                        s.gaveUpBusy(), s.errors() == 0 ? "0" : s.errors() + " " + s.errorCodes(), s.lost()));
            }
        }
        out.append('\n');
    }

    private void routing(List<BurstScenario.Result> results) {
        out.append("Routing decisions, from each orchestrator's `turns.routed{route,reason}` counters (retries of `busy` turns included):\n\n");
        out.append("| configuration | decisions |\n|---|---|\n");
        for (BurstScenario.Result result : results) {
            String decisions = result.routed().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey().replace("reason=", "").replace("route=", "").replace(",", " / ") + ": " + String.format(Locale.ROOT, "%.0f", e.getValue()))
                    .collect(Collectors.joining("; "));
            out.append("| ").append(result.configuration()).append(" | ").append(decisions).append(" |\n");
        }
        out.append('\n');
    }

    private void row(String name, LatencyStats ttft, LatencyStats completion) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name, ttft.millis(0.5), ttft.millis(0.99), completion.millis(0.5),
                completion.millis(0.99)));
    }

    private static String delta(LatencyStats through, LatencyStats direct, double quantile) {
        long a = through.percentile(quantile);
        long b = direct.percentile(quantile);
        return a == Long.MAX_VALUE || b == Long.MAX_VALUE ? "n/a" : LatencyStats.format(a - b);
    }

    private void checkLossless(BurstScenario.Result result) {
        checkLossless(result.configuration(), result.all());
    }

    private void checkLossless(String name, PhaseSummary summary) {
        if (summary.lost() > 0) {
            failures.add(name + " lost " + summary.lost() + " turns");
        }
        if (summary.notOffered() > 0) {
            failures.add(name + ": " + summary.notOffered() + " turns found no idle user (raise --users)");
        }
    }

    private static String profile(List<LoadPhase> phases) {
        return phases.stream().map(p -> String.format(Locale.ROOT, "%s %.1f turns/s for %d s", p.name(), p.turnsPerSecond(), p.duration().toSeconds()))
                .collect(Collectors.joining(", then "));
    }
}
