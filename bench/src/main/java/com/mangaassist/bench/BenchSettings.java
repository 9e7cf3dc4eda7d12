package com.mangaassist.bench;

import com.mangaassist.bench.load.LoadPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 */
record BenchSettings(Set<String> parts, int capacity, double steadyRate, double burstFactor, Duration steady, Duration burst,
                     Duration recovery, int users, long seed, Duration ttftSla, Duration retryDeadline, int gpuSeqs, int bottleneckSeqs,
                     int overheadTurns, int overheadWarmup, List<Double> rampRates, Duration rampStep) {

    static final String USAGE = """
            usage: bench/run-platform.sh [--only burst,gpu-bottleneck,overhead] [--capacity 8] [--steady-rate 3]
                     [--burst-factor 5] [--steady 30s] [--burst 60s] [--recovery 15s] [--users 500] [--seed 42]
                     [--ttft-sla 2s] [--retry-deadline 15s] [--gpu-seqs 64] [--bottleneck-seqs 4]
                     [--overhead-turns 500] [--overhead-warmup 1000] [--ramp 10,20,30,40,50,60,80] [--ramp-step 5s]
            """;

    static BenchSettings parse(String[] args) {
        Set<String> parts = new LinkedHashSet<>(List.of("burst", "gpu-bottleneck", "overhead"));
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
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (String part : parts) {
            if (!Set.of("burst", "gpu-bottleneck", "overhead").contains(part)) {
                throw new IllegalArgumentException("unknown part " + part);
            }
        }
        return new BenchSettings(Set.copyOf(parts), capacity, steadyRate, burstFactor, steady, burst, recovery, users, seed, sla,
                retryDeadline, gpuSeqs, bottleneckSeqs, overheadTurns, overheadWarmup, ramp, rampStep);
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

    boolean runs(String part) {
        return parts.contains(part);
    }

    static Duration duration(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.endsWith("ms") ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))) : Duration.parse("PT" + v.toUpperCase(Locale.ROOT));
    }
}
