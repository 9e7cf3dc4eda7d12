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

    void affinity(AffinityScenario.Result r) {
        out.append("### Conversation affinity: follow-up turns with and without stateful sessions\n\n");
        out.append(String.format(Locale.ROOT, "%d conversations of %d turns each (one question per conversation per round, the round's "
                + "questions offered over %s), over the two GPU instances (max-num-seqs %d, 12 ms per output token, %s per uncached prompt "
                + "token: the simulated engine's prefix cache is a model of vLLM's, ADR 0040), orchestrator baseline-only with room for every "
                + "turn. *Without*: SageMaker's least-outstanding routing places every turn; *with*: each conversation names its stateful "
                + "session. Fresh conversations for each arm. Hit rate and prefill are the instances' own counters: prompt tokens looked up "
                + "in the prefix cache and found there.%n%n", r.users(), r.rounds(), LatencyStats.format(settingsSpread().toNanos()), settings.gpuSeqs(),
                r.prefillPerToken()));
        out.append("| | answered | first turn TTFT p50 | **follow-up TTFT p50** | **follow-up TTFT p99** | **prefix-cache hit rate** | "
                + "**prompt tokens prefilled per turn** | sessions (reused / opened / lost / dropped) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (AffinityScenario.Arm arm : List.of(r.without(), r.with())) {
            out.append(String.format(Locale.ROOT, "| %s | %d/%d | %s | %s | %s | %.1f %% | %.0f | %s |%n", arm.name(), arm.all().answered(),
                    arm.all().offered(), arm.firstTurns().ttft().millis(0.5), arm.followUps().ttft().millis(0.5), arm.followUps().ttft().millis(0.99),
                    arm.hitRate() * 100, arm.prefilledPerTurn(), sessions(arm.sessions())));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("answered", arm.all().answered());
            f.put("offered", arm.all().offered());
            f.put("followUpTtftP50Ms", millis(arm.followUps().ttft().percentile(0.5)));
            f.put("followUpTtftP99Ms", millis(arm.followUps().ttft().percentile(0.99)));
            f.put("prefixCacheHitRate", arm.hitRate());
            f.put("promptTokensPrefilledPerTurn", arm.prefilledPerTurn());
            figures.put("affinity." + (arm.affinity() ? "with" : "without"), f);
        }
        out.append('\n');
        int lost = r.without().all().lost() + r.with().all().lost();
        out.append(String.format(Locale.ROOT, "**Follow-up TTFT p50**: %s without, %s with; **hit rate** %.1f %% → %.1f %%; **prefill per turn** "
                        + "%.0f → %.0f tokens. **Turns lost**: %d.%n%n", r.without().followUps().ttft().millis(0.5), r.with().followUps().ttft().millis(0.5),
                r.without().hitRate() * 100, r.with().hitRate() * 100, r.without().prefilledPerTurn(), r.with().prefilledPerTurn(), lost));
        if (lost > 0) {
            failures.add(lost + " turns lost in the affinity part");
        }
    }

    private Duration settingsSpread() {
        return settings.affinitySpread();
    }

    private static String sessions(Map<String, Double> counters) {
        Map<String, Double> byOutcome = new java.util.TreeMap<>();
        counters.forEach((key, count) -> byOutcome.merge(com.mangaassist.bench.load.PrometheusScrape.labels(key).getOrDefault("outcome", "?"),
                count, Double::sum));
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f", byOutcome.getOrDefault("reused", 0.0), byOutcome.getOrDefault("opened", 0.0),
                byOutcome.getOrDefault("lost", 0.0), byOutcome.getOrDefault("dropped-saturated", 0.0));
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
        out.append(String.format(Locale.ROOT, "Open-loop steps of %d s, Poisson arrivals over 400 users, each step offered once unmeasured at its "
                + "rate and then measured; a step holds when every turn is answered without `busy` and TTFT p99 stays within twice the "
                + "sequential p99 (or the sequential p99 + 50 ms, whichever is more). The tables above and below are the median run of %d.%n%n",
                settings.rampStep().toSeconds(), r.runs().size()));
        out.append("| offered | answered/s | TTFT p50 | TTFT p99 | completion p99 | orchestrator CPU (share of one core) | CPU per turn, all | of which turn work |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (OverheadScenario.RampStep step : r.ramp()) {
            out.append(String.format(Locale.ROOT, "| %.0f/s | %.1f | %s | %s | %s | %.0f %% | %.3f ms | %.3f ms |%n", step.offeredRate(), step.achievedRate(),
                    step.summary().ttft().millis(0.5), step.summary().ttft().millis(0.99), step.summary().completion().millis(0.99),
                    step.orchestratorCoreShare() * 100, step.cpu().total(), step.cpu().turnWork()));
        }
        out.append(String.format(Locale.ROOT, "%n**Highest sustained rate before p99 degrades**: %s turns/s on this machine (median and range "
                + "of %d runs).%n%n", r.maxSustainedRate().format("%.0f"), r.runs().size()));
        out.append("| over the measured runs: median (range) | value |\n|---|---:|\n");
        out.append(String.format(Locale.ROOT, "| highest sustained rate | %s turns/s |%n", r.maxSustainedRate().format("%.0f")));
        out.append(String.format(Locale.ROOT, "| orchestrator CPU per sequential turn, all | %s ms |%n", r.cpuAll().format("%.2f")));
        out.append(String.format(Locale.ROOT, "| of which turn work | %s ms |%n", r.cpuTurnWork().format("%.2f")));
        out.append(String.format(Locale.ROOT, "| sequential TTFT p50 through the stack | %s ms |%n", r.stackTtftMillis(0.5).format("%.1f")));
        out.append(String.format(Locale.ROOT, "| sequential TTFT p99 through the stack | %s ms |%n%n", r.stackTtftMillis(0.99).format("%.1f")));
        awsCalls(r.awsCallsPerTurn());
        overheadFigures(r);
        checkLossless("overhead", r.stack());
    }

    /** Retrieval off and on (and any search-node variants) side by side, at one steady rate. */
    void retrieval(RetrievalScenario.Outcome outcome) {
        List<RetrievalScenario.Result> all = outcome.results();
        List<RetrievalScenario.Result> results = all.stream().filter(r -> r.turns() != null).toList();
        out.append("### Retrieval in the turn: off and on at one steady rate\n\n");
        out.append(String.format(Locale.ROOT, "Baseline route only (orchestrator capacity 256, nothing spills), simulated GPU (two instances, max-num-seqs 256, "
                + "%s per output token, 50 µs per prompt token of prefill). Per configuration: the orchestrator restarted (the variants keep it and "
                + "restart the search node instead), %d s of warm-up at the rate, then %d s measured: Poisson arrivals (seed %d) at %.0f turns/s "
                + "over %d users (principals `user`, `alice`, `bob`, who have orders), asking the %d eval questions (EN/JA: facts, authors, "
                + "genres, similar-to, policies, follow-ups) and %d order questions in a seeded order, the same in every configuration. "
                + "*Retrieval* is each turn's own figure from its chat event (from the start of retrieval to its result or the deadline, %s as "
                + "deployed, whole milliseconds); the meter columns are the orchestrator's `retrieval.*` meters over the same window (its quantiles are "
                + "Micrometer's decaying window of the last ~2 minutes). CPU is per answered turn over the measured window; the machine's share "
                + "is every process on it (load generator, gateway and emulators included), in cores of %d.%n%n",
                settings.retrievalDecode(), settings.retrievalWarmup().toSeconds(), settings.retrievalMeasure().toSeconds(), settings.seed(),
                settings.retrievalRate(), 400, RetrievalScenario.questions(settings.seed()).size() - RetrievalScenario.ORDER_QUESTIONS.size(),
                RetrievalScenario.ORDER_QUESTIONS.size(), PlatformBench.RETRIEVAL_DEADLINE, Runtime.getRuntime().availableProcessors()));
        StringBuilder head = new StringBuilder("| | ");
        StringBuilder rule = new StringBuilder("|---|");
        for (RetrievalScenario.Result r : results) {
            head.append(r.name()).append(" | ");
            rule.append("---:|");
        }
        out.append(head.toString().strip()).append('\n').append(rule).append('\n');
        retrievalRow(results, "turns answered / offered (errors, lost)", r -> String.format(Locale.ROOT, "%d / %d (%d, %d)", r.turns().answered(),
                r.turns().offered(), r.turns().errors(), r.turns().lost()));
        retrievalRow(results, "**TTFT p50** (user)", r -> r.turns().ttft().millis(0.5));
        retrievalRow(results, "**TTFT p99** (user)", r -> r.turns().ttft().millis(0.99));
        retrievalRow(results, "TTFT p50 / p99 (orchestrator, from acceptance)", r -> r.serverTtft().millis(0.5) + " / " + r.serverTtft().millis(0.99));
        retrievalRow(results, "**retrieval p50** (per turn)", r -> r.retrieval().latency().millis(0.5));
        retrievalRow(results, "**retrieval p99** (per turn)", r -> r.retrieval().latency().millis(0.99));
        retrievalRow(results, "retrieval max", r -> r.retrieval().latency().millis(1.0));
        retrievalRow(results, "retrieval p50 / p99 at 3 turns/s (light step)", r -> r.light() == null ? "—"
                : r.light().latency().millis(0.5) + " / " + r.light().latency().millis(0.99));
        retrievalRow(results, "meter: mean; p50 / p99", r -> r.retrieval().meterQuantilesMs().isEmpty() ? "—"
                : String.format(Locale.ROOT, "%.1f ms; %.1f / %.1f ms", r.retrieval().meterMeanMs(), r.retrieval().meterQuantilesMs().getOrDefault("0.5", 0.0),
                r.retrieval().meterQuantilesMs().getOrDefault("0.99", 0.0)));
        retrievalRow(results, "**grounded** / no hits / timed out / failed (turns)", r -> outcomeShares(r.retrieval().outcomes()));
        retrievalRow(results, "the same from `retrieval.turns{outcome}`", r -> outcomeShares(r.retrieval().meterOutcomes()));
        retrievalRow(results, "prompt tokens per turn (mean)", r -> String.format(Locale.ROOT, "%.0f", r.promptTokens()));
        retrievalRow(results, "**orchestrator CPU per turn** (of which JIT, GC/VM)", r -> String.format(Locale.ROOT, "%.2f ms (%.2f, %.2f)",
                r.orchestrator().total(), r.orchestrator().jit(), r.orchestrator().gcAndVm()));
        retrievalRow(results, "**search node CPU per turn** (of which JIT, GC/VM)", r -> String.format(Locale.ROOT, "%.2f ms (%.2f, %.2f)",
                r.node().total(), r.node().jit(), r.node().gcAndVm()));
        retrievalRow(results, "orchestrator / node / whole machine, cores busy", r -> String.format(Locale.ROOT, "%.2f / %.2f / %.2f",
                r.orchestratorCoreShare(), r.nodeCoreShare(), r.machineCoreShare()));
        retrievalRow(results, "of the machine's, outside the bench and its stack (cores)", r -> String.format(Locale.ROOT, "%.2f", r.outsideCoreShare()));
        retrievalRow(results, "chat events read / turns answered", r -> r.events() + " / " + r.turns().answered());
        out.append('\n');
        List<RetrievalScenario.Result> probed = all.stream().filter(r -> r.probe() != null).toList();
        if (!probed.isEmpty()) {
            out.append("Retrieval taken apart, one question at a time, nothing else offered (after the light step): the turn's retrieval code "
                    + "(`KnowledgeSearch.hybrid`, then `passages`) called from the bench against the same node, each of the questions once after "
                    + "one unmeasured round; the embedding timed on its own (same model and runtime, in the bench's JVM).\n\n");
            out.append("| | ").append(probed.stream().map(RetrievalScenario.Result::name).collect(Collectors.joining(" | "))).append(" |\n");
            out.append("|---|").append("---:|".repeat(probed.size())).append('\n');
            probeRow(probed, "index segments", p -> Integer.toString(p.segments()));
            probeRow(probed, "embedding p50 / p99", p -> p.embed().millis(0.5) + " / " + p.embed().millis(0.99));
            probeRow(probed, "embedding CPU per query (bench JVM, all its threads)", p -> String.format(Locale.ROOT, "%.2f ms", p.benchCpuPerEmbedMs()));
            probeRow(probed, "search (`_msearch`, similar-to reads, fusion) p50 / p99", p -> p.search().millis(0.5) + " / " + p.search().millis(0.99));
            probeRow(probed, "`_mget` of the passages p50 / p99", p -> p.mget().millis(0.5) + " / " + p.mget().millis(0.99));
            probeRow(probed, "**all three p50 / p99**", p -> "**" + p.whole().wall().millis(0.5) + " / " + p.whole().wall().millis(0.99) + "**");
            probeRow(probed, "all three, \"similar to X\" questions / the others: p50; p99", p -> p.wholeSimilar().millis(0.5) + " / "
                    + p.wholeOther().millis(0.5) + "; " + p.wholeSimilar().millis(0.99) + " / " + p.wholeOther().millis(0.99));
            probeRow(probed, "**node CPU per question**", p -> String.format(Locale.ROOT, "**%.2f ms**", p.whole().nodeCpuMs()));
            out.append('\n');
        }
        if (outcome.embedders() != null) {
            out.append("The query's embedding on its own, in the bench's JVM (process CPU per query, all threads), after the `on` configuration: "
                    + "the model as langchain4j's package builds it (ONNX Runtime's default session: a worker thread per core, spinning while it "
                    + "waits) and as shipped (the same weights on a session with one intra-op thread and spinning off); back to back, and one "
                    + "query every 100 ms as at 10 turns/s.\n\n");
            out.append("| embedding | CPU per query | p50 | p99 |\n|---|---:|---:|---:|\n");
            outcome.embedders().forEach((name, cost) -> out.append(String.format(Locale.ROOT, "| %s | %.2f ms | %s | %s |%n", name, cost.cpuMs(),
                    cost.wall().millis(0.5), cost.wall().millis(0.99))));
            out.append('\n');
            Map<String, Object> embedding = new LinkedHashMap<>();
            outcome.embedders().forEach((name, cost) -> embedding.put(name, Map.of("cpuMs", cost.cpuMs(), "p50Ms", millis(cost.wall().percentile(0.5)))));
            figures.put("retrievalEmbedding", embedding);
        }
        threads(results, "Orchestrator", RetrievalScenario.Result::orchestrator);
        threads(results, "Search node", RetrievalScenario.Result::node);
        RetrievalScenario.Result on = results.stream().filter(r -> r.name().equals("on")).findFirst().orElse(null);
        if (on != null) {
            long p99 = on.retrieval().latency().percentile(0.99);
            out.append(String.format(Locale.ROOT, "**Retrieval p99 at %.0f turns/s within 50 ms**: %s (p99 %s).%n%n", settings.retrievalRate(),
                    p99 >= 0 && p99 <= 50_000_000L ? "yes" : "no", on.retrieval().latency().millis(0.99)));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (RetrievalScenario.Result r : all) {
            Map<String, Object> row = new LinkedHashMap<>();
            data.put(r.name(), row);
            if (r.turns() != null) {
                measuredFigures(r, row);
            }
            if (r.probe() != null) {
                Map<String, Object> probe = new LinkedHashMap<>();
                probe.put("embedP50Ms", millis(r.probe().embed().percentile(0.5)));
                probe.put("searchP50Ms", millis(r.probe().search().percentile(0.5)));
                probe.put("mgetP50Ms", millis(r.probe().mget().percentile(0.5)));
                probe.put("allP50Ms", millis(r.probe().whole().wall().percentile(0.5)));
                probe.put("allP99Ms", millis(r.probe().whole().wall().percentile(0.99)));
                probe.put("nodeCpuPerQuestionMs", r.probe().whole().nodeCpuMs());
                probe.put("segments", r.probe().segments());
                row.put("probe", probe);
            }
        }
        figures.put("retrieval", data);
        results.forEach(r -> checkLossless("retrieval " + r.name(), r.turns()));
    }

    private static void measuredFigures(RetrievalScenario.Result r, Map<String, Object> row) {
        row.put("answered", r.turns().answered());
        row.put("offered", r.turns().offered());
        row.put("lost", r.turns().lost());
        row.put("ttftP50Ms", millis(r.turns().ttft().percentile(0.5)));
        row.put("ttftP99Ms", millis(r.turns().ttft().percentile(0.99)));
        row.put("retrievalP50Ms", millis(r.retrieval().latency().percentile(0.5)));
        row.put("retrievalP99Ms", millis(r.retrieval().latency().percentile(0.99)));
        row.put("retrievalLightP50Ms", r.light() == null ? null : millis(r.light().latency().percentile(0.5)));
        row.put("retrievalLightP99Ms", r.light() == null ? null : millis(r.light().latency().percentile(0.99)));
        row.put("retrievalOutcomes", r.retrieval().outcomes());
        row.put("retrievalMeterOutcomes", r.retrieval().meterOutcomes());
        row.put("promptTokens", r.promptTokens());
        row.put("orchestratorCpuMs", r.orchestrator().total());
        row.put("orchestratorCpuByThreadMs", r.orchestrator().byThread());
        row.put("nodeCpuMs", r.node().total());
        row.put("nodeCpuByThreadMs", r.node().byThread());
        row.put("machineCores", r.machineCoreShare());
        row.put("outsideCores", r.outsideCoreShare());
    }

    private void retrievalRow(List<RetrievalScenario.Result> results, String name, java.util.function.Function<RetrievalScenario.Result, String> cell) {
        out.append("| ").append(name).append(" | ");
        for (RetrievalScenario.Result r : results) {
            out.append(cell.apply(r)).append(" | ");
        }
        out.setLength(out.length() - 1);
        out.append('\n');
    }

    private void probeRow(List<RetrievalScenario.Result> results, String name, java.util.function.Function<SearchProbe.Result, String> cell) {
        out.append("| ").append(name).append(" | ").append(results.stream().map(r -> cell.apply(r.probe())).collect(Collectors.joining(" | ")))
                .append(" |\n");
    }

    private static String outcomeShares(Map<String, ? extends Number> counts) {
        double all = counts.values().stream().mapToDouble(Number::doubleValue).sum();
        if (all == 0) {
            return "—";
        }
        return java.util.stream.Stream.of("grounded", "no-hits", "timed-out", "failed")
                .map(k -> {
                    Number n = counts.get(k);
                    return String.format(Locale.ROOT, "%.1f %%", n == null ? 0 : 100 * n.doubleValue() / all);
                })
                .collect(Collectors.joining(" / "));
    }

    /** CPU per turn by thread pool, the pools that took at least 0.1 ms in some configuration. */
    private void threads(List<RetrievalScenario.Result> results, String process,
                         java.util.function.Function<RetrievalScenario.Result, RetrievalScenario.ProcessCpu> cpu) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        results.forEach(r -> cpu.apply(r).byThread().forEach((name, ms) -> {
            if (ms >= 0.1) {
                names.add(name);
            }
        }));
        out.append(String.format(Locale.ROOT, "%s CPU per turn by thread (names as Linux keeps them, 15 characters, digits as #; native "
                + "threads carry their creator's name):%n%n", process));
        out.append("| thread | ").append(results.stream().map(RetrievalScenario.Result::name).collect(Collectors.joining(" | "))).append(" |\n");
        out.append("|---|").append("---:|".repeat(results.size())).append('\n');
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(java.util.Comparator.comparingDouble((String n) -> -results.stream().mapToDouble(r -> cpu.apply(r).byThread().getOrDefault(n, 0.0)).max().orElse(0)));
        for (String name : sorted) {
            out.append("| `").append(name).append("` | ").append(results.stream()
                    .map(r -> String.format(Locale.ROOT, "%.2f ms", cpu.apply(r).byThread().getOrDefault(name, 0.0))).collect(Collectors.joining(" | ")))
                    .append(" |\n");
        }
        out.append('\n');
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
        o.put("maxSustainedPerSecond", r.maxSustainedRate().median());
        o.put("runs", r.runs().size());
        o.put("maxSustainedPerSecondRange", List.of(r.maxSustainedRate().min(), r.maxSustainedRate().max()));
        o.put("cpuAllMsMedianRange", List.of(r.cpuAll().median(), r.cpuAll().min(), r.cpuAll().max()));
        o.put("cpuTurnWorkMsMedianRange", List.of(r.cpuTurnWork().median(), r.cpuTurnWork().min(), r.cpuTurnWork().max()));
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
