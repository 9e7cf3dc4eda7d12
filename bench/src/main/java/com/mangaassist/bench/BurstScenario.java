package com.mangaassist.bench;

import com.mangaassist.bench.load.ChatLoadGenerator;
import com.mangaassist.bench.load.LoadPhase;
import com.mangaassist.bench.load.PhaseSummary;
import com.mangaassist.bench.load.PrometheusScrape;
import com.mangaassist.bench.load.TurnRecord;
import com.mangaassist.gateway.LocalApiGateway;
import com.mangaassist.localstack.LaunchOptions;
import com.mangaassist.localstack.LocalStackLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One configuration under the burst profile: the orchestrator restarted with its spill mode (same
 * address, so the gateway keeps fronting it), fresh users connected, the seeded schedule offered,
 * and the orchestrator's own routing counters read afterwards.
 */
final class BurstScenario {

    /** What one configuration produced: per-phase summaries, the whole run, and the routing decisions by route and reason. */
    record Result(String configuration, List<LoadPhase> profile, List<PhaseSummary> phases, PhaseSummary all, Map<String, Double> routed,
                  Duration wall, List<TurnRecord> records) {
    }

    private static final Duration WARM_UP = Duration.ofSeconds(5);

    /** Unmeasured turns at twice the steady rate through whatever the orchestrator is now: JIT, pools and connections everywhere. */
    static void warmUp(LocalApiGateway gateway, BenchSettings settings, Duration duration) {
        System.out.printf("%n== warm-up: %d s at %.1f turns/s%n", duration.toSeconds(), settings.steadyRate() * 2);
        try (ChatLoadGenerator users = ChatLoadGenerator.connect(i -> gateway.webSocketUri("dev-warm-up-" + i), 100, settings.retryDeadline())) {
            users.run(List.of(new LoadPhase("warm-up", duration, settings.steadyRate() * 2)), settings.seed() + 2, Duration.ofSeconds(60));
        }
    }

    private BurstScenario() {
    }

    /**
     * @param restartWith the orchestrator configuration to restart with, or {@code null} to keep the
     *                    running one (already configured and warm)
     */
    static Result run(String configuration, LocalStackLauncher stack, LocalApiGateway gateway, LaunchOptions restartWith,
                      BenchSettings settings, List<LoadPhase> profile) {
        long start = System.nanoTime();
        System.out.printf("%n== %s: %s%n", configuration, profile);
        List<TurnRecord> records;
        if (restartWith != null) {
            stack.restartOrchestrator(restartWith);
        }
        // A kept orchestrator's counters include earlier runs: this run's decisions are the difference.
        Map<String, Double> routedBefore = PrometheusScrape.of(stack.orchestrator().uri("/metrics")).samples("turns_routed_total");
        try (ChatLoadGenerator users = ChatLoadGenerator.connect(i -> gateway.webSocketUri("dev-" + configuration + "-" + i), settings.users(),
                settings.retryDeadline())) {
            if (restartWith != null) {
                // A fresh task's first turns pay for class loading and connection set-up; they are not what the burst measures.
                users.run(List.of(new LoadPhase("warm-up", WARM_UP, profile.get(0).turnsPerSecond())), settings.seed() + 1, Duration.ofSeconds(60));
            }
            // Spilled turns may wait for the overflow deadline (60 s) before they answer expired; a turn silent after that is lost.
            records = users.run(profile, settings.seed(), settings.retryDeadline().plusSeconds(70));
        }
        List<PhaseSummary> phases = new ArrayList<>();
        for (int p = 0; p < profile.size(); p++) {
            phases.add(PhaseSummary.ofPhase(profile.get(p).name(), p, records));
        }
        Map<String, Double> routed = new java.util.TreeMap<>();
        PrometheusScrape.of(stack.orchestrator().uri("/metrics")).samples("turns_routed_total")
                .forEach((labels, count) -> routed.put(labels, count - routedBefore.getOrDefault(labels, 0.0)));
        Result result = new Result(configuration, profile, phases, PhaseSummary.of("all", records), routed,
                Duration.ofNanos(System.nanoTime() - start), records);
        System.out.printf("%s: offered %d, answered %d, lost %d, burst TTFT p99 %s, routed %s%n", configuration, result.all().offered(),
                result.all().answered(), result.all().lost(), phases.get(Math.min(1, phases.size() - 1)).ttft().millis(0.99), routed);
        return result;
    }
}
