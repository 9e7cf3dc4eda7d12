package com.mangaassist.bench;

import com.mangaassist.bench.load.ChatLoadGenerator;
import com.mangaassist.bench.load.LatencyStats;
import com.mangaassist.bench.load.LoadPhase;
import com.mangaassist.bench.load.PhaseSummary;
import com.mangaassist.bench.load.PrometheusScrape;
import com.mangaassist.bench.load.ThreadCpu;
import com.mangaassist.bench.load.TurnRecord;
import com.mangaassist.gateway.LocalApiGateway;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.localstack.LaunchOptions;
import com.mangaassist.localstack.LocalStackLauncher;
import com.mangaassist.pipeline.aws.AwsClientDefaults;
import com.mangaassist.pipeline.inference.GpuBreaker;
import com.mangaassist.pipeline.inference.InferenceCallException;
import com.mangaassist.pipeline.inference.SageMakerInferenceClient;
import com.mangaassist.pipeline.turn.TurnPipeline;
import com.mangaassist.shared.budget.AssembledPrompt;
import com.mangaassist.shared.budget.BudgetRequest;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.model.ModelSelection;
import com.mangaassist.shared.model.ModelSelector;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/**
 * The platform's own cost per turn with the GPU taken out: the GPU fleet restarted with an
 * instant engine, the orchestrator with room for every turn (baseline-only, nothing spills). The
 * same question goes (1) straight to the SageMaker runtime path through the pipeline's own
 * inference client, and (2) as a chat message through the WebSocket gateway and the orchestrator.
 * The difference is what the gateway and orchestrator hops add; the orchestrator's CPU time is
 * read from its process. Then open-loop steps of rising rate find where p99 starts to degrade.
 */
final class OverheadScenario {

    private static final String QUESTION = "Which volume of \"One Piece\" starts the Wano arc?";
    private static final Duration LOST_AFTER = Duration.ofSeconds(30);
    static final int BLOCK = 500;

    /** One rate step: offered rate, what the users saw, and the orchestrator's CPU over the step. */
    record RampStep(double offeredRate, double achievedRate, PhaseSummary summary, double orchestratorCoreShare, CpuPerTurn cpu) {
    }

    /** Orchestrator CPU milliseconds per turn: all of it, and the part that is neither JIT compilation nor GC. */
    record CpuPerTurn(double total, double jit, double gcAndVm) {
        double turnWork() {
            return total - jit - gcAndVm;
        }
    }

    /**
     * One measured run on the warm stack.
     *
     * @param awsCallsPerTurn the orchestrator's AWS API calls per sequential turn, keyed {@code Service Operation}, from its
     *                        {@code aws.calls} counters (the SDK's metric publisher)
     */
    record Measurement(PhaseSummary stack, CpuPerTurn cpu, List<RampStep> ramp, double maxSustainedRate, Map<String, Double> awsCallsPerTurn) {
    }

    /**
     * The direct baseline, the warm-up, and every measured run. The run the report details is the
     * median one by highest sustained rate (then by CPU per turn); each headline figure is also
     * given as the median and range over all runs ({@link Spread}).
     */
    record Result(LatencyStats directTtft, LatencyStats directCompletion, List<Double> warmupCpu, double idleCoreShare, List<Measurement> runs) {

        Result {
            runs = List.copyOf(runs);
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("no measured run");
            }
        }

        Measurement median() {
            List<Measurement> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(Measurement::maxSustainedRate).thenComparingDouble(m -> m.cpu().total()));
            return sorted.get((sorted.size() - 1) / 2);
        }

        PhaseSummary stack() {
            return median().stack();
        }

        CpuPerTurn cpu() {
            return median().cpu();
        }

        List<RampStep> ramp() {
            return median().ramp();
        }

        Map<String, Double> awsCallsPerTurn() {
            return median().awsCallsPerTurn();
        }

        Spread maxSustainedRate() {
            return Spread.of(runs.stream().mapToDouble(Measurement::maxSustainedRate).toArray());
        }

        Spread cpuAll() {
            return Spread.of(runs.stream().mapToDouble(m -> m.cpu().total()).toArray());
        }

        Spread cpuTurnWork() {
            return Spread.of(runs.stream().mapToDouble(m -> m.cpu().turnWork()).toArray());
        }

        Spread stackTtftMillis(double quantile) {
            return Spread.of(runs.stream().mapToDouble(m -> m.stack().ttft().percentile(quantile) / 1e6).toArray());
        }
    }

    /** A figure over several runs: its median and range. */
    record Spread(double median, double min, double max) {

        static Spread of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return new Spread(median, sorted[0], sorted[n - 1]);
        }

        String format(String pattern) {
            return String.format(Locale.ROOT, pattern, median) + " (" + String.format(Locale.ROOT, pattern, min) + "–"
                    + String.format(Locale.ROOT, pattern, max) + ")";
        }
    }

    /** The orchestrator's CPU counters at one moment. */
    private record CpuReading(Duration process, ThreadCpu threads) {
        static CpuReading of(ServiceProcess process) {
            return new CpuReading(process.cpuTime(), ThreadCpu.of(process.pid()));
        }

        CpuPerTurn perTurnSince(CpuReading before, int turns) {
            ThreadCpu split = threads.minus(before.threads);
            double perTurn = 1e6 * Math.max(1, turns);
            return new CpuPerTurn(process.minus(before.process).toNanos() / perTurn, split.jitNanos() / perTurn, split.gcAndVmNanos() / perTurn);
        }
    }

    private OverheadScenario() {
    }

    static Result run(LocalStackLauncher stack, LocalApiGateway gateway, LaunchOptions options, BenchSettings settings) {
        System.out.printf("%n== overhead: instant GPU, orchestrator baseline-only with capacity 256%n");
        stack.restartGpuFleet(options.withGpu(PlatformBench.gpu(256, "0ms")));
        // Every user's turns within its own rate limit: the ramp spreads turns over many connections.
        ServiceProcess orchestrator = stack.restartOrchestrator(options.withOrchestrator(256, "baseline-only", PlatformBench.orchestratorProperties(settings)));

        long[][] direct = direct(stack.gpuRuntime().toString(), settings.overheadTurns());
        LatencyStats directTtft = new LatencyStats(direct[0]);
        LatencyStats directCompletion = new LatencyStats(direct[1]);

        try (ChatLoadGenerator users = ChatLoadGenerator.connect(i -> gateway.webSocketUri("dev-overhead-" + i), 400, Duration.ofSeconds(5))) {
            // Warm-up: the JIT compiles the SDK and pipeline paths over the first thousands of turns; CPU per turn falls until then.
            List<Double> warmup = new ArrayList<>();
            for (int block = 0; block < Math.max(1, settings.overheadWarmup() / BLOCK); block++) {
                CpuReading before = CpuReading.of(orchestrator);
                int turns = users.runClosedLoop(BLOCK, LOST_AFTER).size();
                CpuPerTurn cpu = CpuReading.of(orchestrator).perTurnSince(before, turns);
                warmup.add(cpu.total());
                System.out.printf("warm-up block %d: %.3f ms orchestrator CPU per turn (JIT %.3f, GC and VM %.3f)%n", block + 1, cpu.total(),
                        cpu.jit(), cpu.gcAndVm());
            }
            double idle = coreShare(orchestrator, Duration.ofSeconds(2));
            List<Measurement> runs = new ArrayList<>();
            for (int run = 1; run <= settings.overheadRuns(); run++) {
                System.out.printf("-- measured run %d of %d%n", run, settings.overheadRuns());
                runs.add(measure(orchestrator, users, settings, run));
            }
            return new Result(directTtft, directCompletion, warmup, idle, runs);
        }
    }

    /** Sequential turns, then the open-loop ramp, each step offered once unmeasured at its rate and then measured. */
    private static Measurement measure(ServiceProcess orchestrator, ChatLoadGenerator users, BenchSettings settings, int run) {
        Map<String, Double> callsBefore = awsCalls(orchestrator);
        CpuReading before = CpuReading.of(orchestrator);
        List<TurnRecord> sequential = users.runClosedLoop(settings.overheadTurns(), LOST_AFTER);
        CpuPerTurn cpuPerTurn = CpuReading.of(orchestrator).perTurnSince(before, sequential.size());
        Map<String, Double> callsPerTurn = new TreeMap<>();
        awsCalls(orchestrator).forEach((call, count) -> {
            double perTurn = (count - callsBefore.getOrDefault(call, 0.0)) / Math.max(1, sequential.size());
            if (perTurn > 0) {
                callsPerTurn.put(call, perTurn);
            }
        });
        System.out.printf("AWS calls per turn: %s%n", callsPerTurn);
        PhaseSummary stackSummary = PhaseSummary.of("sequential", sequential);
        System.out.printf("through the stack TTFT p50 %s p99 %s; orchestrator CPU per turn %s%n", stackSummary.ttft().millis(0.5),
                stackSummary.ttft().millis(0.99), cpuPerTurn);

        List<RampStep> ramp = new ArrayList<>();
        // Degraded: p99 past twice the sequential p99, or 50 ms past it when that is more (one GC pause must not decide it).
        long sequentialP99 = stackSummary.ttft().percentile(0.99);
        double limit = Math.max(2.0 * sequentialP99, sequentialP99 + 50_000_000L);
        double maxSustained = 0;
        for (double rate : settings.rampRates()) {
            // Unmeasured first: a step measured cold reads the JIT compiling for the new rate and pools growing, not the rate.
            users.run(List.of(new LoadPhase("ramp warm-up", settings.rampStep(), rate)), settings.seed() + run, LOST_AFTER);
            CpuReading stepBefore = CpuReading.of(orchestrator);
            long stepStart = System.nanoTime();
            List<TurnRecord> records = users.run(List.of(new LoadPhase("ramp", settings.rampStep(), rate)), settings.seed(), LOST_AFTER);
            double elapsedNanos = System.nanoTime() - stepStart;
            PhaseSummary summary = PhaseSummary.of("ramp " + rate, records);
            CpuReading stepAfter = CpuReading.of(orchestrator);
            RampStep step = new RampStep(rate, summary.answered() * 1000.0 / settings.rampStep().toMillis(), summary,
                    stepAfter.process().minus(stepBefore.process()).toNanos() / elapsedNanos, stepAfter.perTurnSince(stepBefore, summary.answered()));
            ramp.add(step);
            boolean sustained = summary.notOffered() == 0 && summary.answered() == summary.offered() && summary.busyReplies() == 0
                    && summary.ttft().percentile(0.99) <= limit;
            System.out.printf("ramp %.0f/s: answered %d/%d, TTFT p50 %s p99 %s, orchestrator %.0f %% of a core, %s%s%n", rate,
                    summary.answered(), summary.offered(), summary.ttft().millis(0.5), summary.ttft().millis(0.99),
                    step.orchestratorCoreShare() * 100, step.cpu(), sustained ? "" : "  <- p99 degraded");
            if (!sustained) {
                break;
            }
            maxSustained = rate;
        }
        return new Measurement(stackSummary, cpuPerTurn, ramp, maxSustained, callsPerTurn);
    }

    /** The orchestrator's {@code aws.calls} counters, keyed {@code Service Operation}. */
    private static Map<String, Double> awsCalls(ServiceProcess orchestrator) {
        Map<String, Double> calls = new TreeMap<>();
        PrometheusScrape.of(orchestrator.uri("/metrics")).samples("aws_calls_total").forEach((key, count) -> {
            Map<String, String> tags = PrometheusScrape.labels(key);
            calls.merge(tags.getOrDefault("service", "?") + " " + tags.getOrDefault("operation", "?"), count, Double::sum);
        });
        return calls;
    }

    /** The orchestrator's CPU use while nothing is offered: probes, queue polling, metrics. */
    private static double coreShare(ServiceProcess process, Duration over) {
        Duration before = process.cpuTime();
        try {
            Thread.sleep(over.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (double) process.cpuTime().minus(before).toNanos() / over.toNanos();
    }

    /** Sequential calls through the pipeline's own inference client: [0] time to first token, [1] to the end, per call. */
    private static long[][] direct(String runtimeEndpoint, int turns) {
        try (SageMakerRuntimeAsyncClient sdk = new AwsClientDefaults("us-east-1", true)
                .configure(SageMakerInferenceClient.configure(SageMakerRuntimeAsyncClient.builder()), runtimeEndpoint).build()) {
            SageMakerInferenceClient client = new SageMakerInferenceClient(sdk, GpuBreaker.create(), Duration.ofSeconds(10),
                    Duration.ofSeconds(120), 2);
            ContextBudgetManager budget = ContextBudgetManager.withDefaults();
            PromptPart query = budget.counter().part(QUESTION);
            ModelSelection model = ModelSelector.forEndpoints("mangaassist-small", "").select("en", query, 0, null);
            PromptPart systemPrompt = budget.counter().part(TurnPipeline.Builder.DEFAULT_SYSTEM_PROMPT);
            AssembledPrompt prompt = budget.assemble(BudgetRequest.builder().systemPrompt(systemPrompt)
                    .query(query).history(List.of()).outputReserve(model.maxOutputTokens()).contextWindow(model.contextWindow()).build());
            long[] ttft = new long[turns];
            long[] completion = new long[turns];
            for (int i = -Math.min(300, turns); i < turns; i++) { // the first calls warm the client and the endpoint
                InferenceRequest request = TurnPipeline.inferenceRequest(UUID.randomUUID().toString(), model, systemPrompt, query, prompt);
                long start = System.nanoTime();
                long[] first = {-1};
                try {
                    client.stream(model.endpointName(), request, token -> {
                        if (first[0] < 0) {
                            first[0] = System.nanoTime() - start;
                        }
                        return true;
                    }, TurnTimings.defaults().maxTurn());
                } catch (InferenceCallException e) {
                    throw new IllegalStateException("direct call failed: " + e.getMessage(), e);
                }
                if (i >= 0) {
                    ttft[i] = first[0];
                    completion[i] = System.nanoTime() - start;
                }
            }
            return new long[][] {ttft, completion};
        }
    }
}
