package com.mangaassist.bench;

import com.mangaassist.bench.load.LoadPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * What {@link PlatformBench} runs, from its command line. Defaults are the figures in
 * docs/benchmarks.md: the orchestrator's logical capacity is small enough that the burst exceeds
 * it, the simulated GPU fleet (two instances) large enough that the burst does not exceed it.
 *
 * @param capacity       turns one orchestrator task runs at once (its logical limit)
 * @param steadyRate     turns per second offered in the steady phases
 * @param burstFactor    the burst's rate over the steady rate
 * @param users          connected users (each one turn at a time); must exceed what waits at once
 * @param retryDeadline  how long a user keeps retrying a turn refused with {@code busy}
 * @param gpuSeqs        max-num-seqs per GPU instance in the burst runs
 * @param bottleneckSeqs max-num-seqs per GPU instance in the GPU-bottleneck variant
 * @param rampStep       how long each open-loop rate step of the overhead part is offered unmeasured (the JIT and pools settle at
 *                       that rate) and then again measured
 * @param overheadRuns   how many times the overhead part's measurement (sequential turns, then the ramp) is repeated on the warm
 *                       stack: the report gives each figure's median and range, so one noisy run does not become the figure
 * @param retrievalRate  turns per second offered in the retrieval part, retrieval off and on
 * @param retrievalDecode the simulated GPU's time per output token in the retrieval part (prefill stays 50 µs per prompt token)
 * @param searchNodeVariants JVM flags to restart the search node on, one measured configuration each, after off and on
 * @param affinityUsers  conversations in the affinity part, each asking one question per round
 * @param affinityRounds turns per conversation in the affinity part
 * @param affinitySpread how long each round's first turns take to be offered (spread evenly)
 * @param affinityPrefill the simulated GPU's prefill time per uncached prompt token in the affinity part
 * @param affinityGpu    further gpu-endpoint properties for the affinity part's fleet ({@code --affinity-gpu key=value;...}: a real
 *                       engine on a GPU machine, bench/run-affinity-vllm.sh)
 */
record BenchSettings(Set<String> parts, int capacity, double steadyRate, double burstFactor, Duration steady, Duration burst,
                     Duration recovery, int users, long seed, Duration ttftSla, Duration retryDeadline, int gpuSeqs, int bottleneckSeqs,
                     int overheadTurns, int overheadWarmup, List<Double> rampRates, Duration rampStep, int overheadRuns, double retrievalRate,
                     String retrievalDecode, Duration retrievalWarmup, Duration retrievalMeasure, boolean retrievalProbe, List<List<String>> searchNodeVariants,
                     int affinityUsers, int affinityRounds, Duration affinitySpread, String affinityPrefill, Map<String, String> affinityGpu) {

    /** Every part; a run without {@code --only} runs the first three (the retrieval part is asked for by name). */
    static final List<String> PARTS = List.of("burst", "gpu-bottleneck", "overhead", "retrieval", "affinity");

    static final String USAGE = """
            usage: bench/run-platform.sh [--only burst,gpu-bottleneck,overhead,retrieval,affinity] [--capacity 8] [--steady-rate 3]
                     [--burst-factor 5] [--steady 30s] [--burst 60s] [--recovery 15s] [--users 500] [--seed 42]
                     [--ttft-sla 2s] [--retry-deadline 15s] [--gpu-seqs 64] [--bottleneck-seqs 4]
                     [--overhead-turns 500] [--overhead-warmup 1000] [--ramp 10,20,30,40,50,60,80] [--ramp-step 5s] [--overhead-runs 3]
                     [--retrieval-rate 20] [--retrieval-decode 0ms] [--retrieval-warmup 30s] [--retrieval-measure 60s] [--retrieval-probe true]
                     [--search-node-jvm "-Xms384m -Xmx384m -XX:+UseSerialGC[;other flags...]"]
                     [--affinity-users 48] [--affinity-rounds 6] [--affinity-spread 4s] [--affinity-prefill 250us]
                     [--affinity-gpu "gpu-endpoint.engine=openai;instance-a.gpu-endpoint.openai.base-url=...;..."]
            (without --only: burst, gpu-bottleneck, overhead and affinity; the retrieval part runs when named, e.g. bench/run-retrieval.sh)
            """;

    static BenchSettings parse(String[] args) {
        Set<String> parts = new LinkedHashSet<>(List.of("burst", "gpu-bottleneck", "overhead", "affinity"));
        int capacity = 8;
        double steadyRate = 3;
        double burstFactor = 5;
        Duration steady = Duration.ofSeconds(30);
        Duration burst = Duration.ofSeconds(60);
        Duration recovery = Duration.ofSeconds(15);
        int users = 500;
        long seed = 42;
        Duration sla = Duration.ofSeconds(2);
        Duration retryDeadline = Duration.ofSeconds(15);
        int gpuSeqs = 64;
        int bottleneckSeqs = 4;
        int overheadTurns = 500;
        int overheadWarmup = 1000;
        List<Double> ramp = List.of(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 80.0);
        Duration rampStep = Duration.ofSeconds(5);
        int overheadRuns = 3;
        double retrievalRate = 20;
        String retrievalDecode = "0ms";
        Duration retrievalWarmup = Duration.ofSeconds(30);
        Duration retrievalMeasure = Duration.ofSeconds(60);
        boolean retrievalProbe = true;
        List<List<String>> nodeVariants = List.of();
        int affinityUsers = 48;
        int affinityRounds = 6;
        Duration affinitySpread = Duration.ofSeconds(4);
        String affinityPrefill = "250us";
        Map<String, String> affinityGpu = Map.of();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--only" -> parts = new LinkedHashSet<>(List.of(value.split(",")));
                case "--capacity" -> capacity = Integer.parseInt(value);
                case "--steady-rate" -> steadyRate = Double.parseDouble(value);
                case "--burst-factor" -> burstFactor = Double.parseDouble(value);
                case "--steady" -> steady = duration(value);
                case "--burst" -> burst = duration(value);
                case "--recovery" -> recovery = duration(value);
                case "--users" -> users = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--ttft-sla" -> sla = duration(value);
                case "--retry-deadline" -> retryDeadline = duration(value);
                case "--gpu-seqs" -> gpuSeqs = Integer.parseInt(value);
                case "--bottleneck-seqs" -> bottleneckSeqs = Integer.parseInt(value);
                case "--overhead-turns" -> overheadTurns = Integer.parseInt(value);
                case "--overhead-warmup" -> overheadWarmup = Integer.parseInt(value);
                case "--ramp" -> {
                    List<Double> rates = new ArrayList<>();
                    for (String rate : value.split(",")) {
                        rates.add(Double.parseDouble(rate));
                    }
                    ramp = List.copyOf(rates);
                }
                case "--ramp-step" -> rampStep = duration(value);
                case "--overhead-runs" -> overheadRuns = Integer.parseInt(value);
                case "--retrieval-rate" -> retrievalRate = Double.parseDouble(value);
                case "--retrieval-decode" -> retrievalDecode = value;
                case "--retrieval-warmup" -> retrievalWarmup = duration(value);
                case "--retrieval-measure" -> retrievalMeasure = duration(value);
                case "--retrieval-probe" -> retrievalProbe = Boolean.parseBoolean(value);
                case "--search-node-jvm" -> {
                    List<List<String>> variants = new ArrayList<>();
                    for (String flags : value.split(";")) {
                        if (!flags.isBlank()) {
                            variants.add(List.of(flags.strip().split("\\s+")));
                        }
                    }
                    nodeVariants = List.copyOf(variants);
                }
                case "--affinity-users" -> affinityUsers = Integer.parseInt(value);
                case "--affinity-rounds" -> affinityRounds = Integer.parseInt(value);
                case "--affinity-spread" -> affinitySpread = duration(value);
                case "--affinity-prefill" -> affinityPrefill = value;
                case "--affinity-gpu" -> {
                    Map<String, String> properties = new java.util.LinkedHashMap<>();
                    // ';' between pairs: a value may be a comma-separated list (a supervised model server's command).
                    for (String pair : value.split(";")) {
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--affinity-gpu takes key=value pairs, got " + pair);
                        }
                        properties.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                    }
                    affinityGpu = Map.copyOf(properties);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (overheadRuns < 1) {
            throw new IllegalArgumentException("--overhead-runs must be at least 1");
        }
        for (String part : parts) {
            if (!PARTS.contains(part)) {
                throw new IllegalArgumentException("unknown part " + part);
            }
        }
        return new BenchSettings(Set.copyOf(parts), capacity, steadyRate, burstFactor, steady, burst, recovery, users, seed, sla,
                retryDeadline, gpuSeqs, bottleneckSeqs, overheadTurns, overheadWarmup, ramp, rampStep, overheadRuns, retrievalRate, retrievalDecode, retrievalWarmup,
                retrievalMeasure, retrievalProbe, nodeVariants, affinityUsers, affinityRounds, affinitySpread, affinityPrefill, affinityGpu);
    }

    /** Steady, burst, steady again. */
    List<LoadPhase> burstProfile() {
        return List.of(new LoadPhase("steady", steady, steadyRate), new LoadPhase("burst", burst, steadyRate * burstFactor),
                new LoadPhase("recovery", recovery, steadyRate));
    }

    /** The same shape, shorter (a third of the steady and burst phases, two thirds of the recovery), for the GPU-bottleneck variant. */
    List<LoadPhase> gpuBottleneckProfile() {
        return List.of(new LoadPhase("steady", steady.dividedBy(3), steadyRate), new LoadPhase("burst", burst.dividedBy(3), steadyRate * burstFactor),
                new LoadPhase("recovery", recovery.multipliedBy(2).dividedBy(3), steadyRate));
    }

    /** The same settings with another affinity workload (the affinity part's unmeasured warm-up). */
    BenchSettings withAffinityWorkload(int users, int rounds) {
        return new BenchSettings(parts, capacity, steadyRate, burstFactor, steady, burst, recovery, this.users, seed, ttftSla, retryDeadline,
                gpuSeqs, bottleneckSeqs, overheadTurns, overheadWarmup, rampRates, rampStep, overheadRuns, retrievalRate, retrievalDecode, retrievalWarmup,
                retrievalMeasure, retrievalProbe, searchNodeVariants, users, rounds, affinitySpread, affinityPrefill, affinityGpu);
    }

    boolean runs(String part) {
        return parts.contains(part);
    }

    static Duration duration(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.endsWith("ms") ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))) : Duration.parse("PT" + v.toUpperCase(Locale.ROOT));
    }
}
