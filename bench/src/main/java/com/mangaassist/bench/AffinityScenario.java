package com.mangaassist.bench;

import com.mangaassist.bench.load.ChatLoadGenerator;
import com.mangaassist.bench.load.PhaseSummary;
import com.mangaassist.bench.load.PrometheusScrape;
import com.mangaassist.bench.load.TurnRecord;
import com.mangaassist.localstack.LaunchOptions;
import com.mangaassist.gateway.LocalApiGateway;
import com.mangaassist.localstack.LocalStackLauncher;
import com.mangaassist.shared.contract.SettingNames;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversation affinity (issue 28, ADR 0040), measured: the same multi-turn workload over the two
 * GPU instances twice, first as SageMaker routes it by itself (least outstanding requests), then
 * with each conversation's stateful session. Each arm has its own fresh conversations, so neither
 * inherits the other's cache beyond the shared system prompt. The GPU is the simulated engine with
 * a prefill cost per uncached prompt token (its prefix cache is a model of vLLM's: whole blocks,
 * longest cached chain of leading messages, LRU over the KV pool); what the arms differ in is only
 * where each follow-up turn lands. Read from both instances' own counters: prompt tokens looked up
 * and found cached, hence the hit rate and the tokens actually prefilled per turn.
 */
final class AffinityScenario {

    private static final Duration LOST_AFTER = Duration.ofSeconds(60);

    /** One arm: what the users saw per turn of their conversations, and what the GPU instances prefilled. */
    record Arm(String name, boolean affinity, List<TurnRecord> records, double queriedTokens, double hitTokens, Map<String, Double> sessions) {

        PhaseSummary firstTurns() {
            return PhaseSummary.ofPhase(name + " first turns", 0, records);
        }

        PhaseSummary followUps() {
            return PhaseSummary.of(name + " follow-ups", records.stream().filter(r -> r.phase() > 0).toList());
        }

        PhaseSummary all() {
            return PhaseSummary.of(name, records);
        }

        double hitRate() {
            return queriedTokens == 0 ? 0 : hitTokens / queriedTokens;
        }

        double prefilledPerTurn() {
            int answered = all().answered();
            return answered == 0 ? 0 : (queriedTokens - hitTokens) / answered;
        }
    }

    record Result(int users, int rounds, String prefillPerToken, Arm without, Arm with) {
    }

    private AffinityScenario() {
    }

    static Result run(LocalStackLauncher stack, LocalApiGateway gateway, LaunchOptions options, BenchSettings settings) {
        System.out.printf("%n== affinity: %d conversations x %d turns over two GPU instances, without and with stateful sessions%n",
                settings.affinityUsers(), settings.affinityRounds());
        // Prefill at what an A10G does for an 8B AWQ model (~4,000 prompt tokens a second): the part of TTFT the cache saves.
        Map<String, String> gpu = new HashMap<>(PlatformBench.gpu(settings.gpuSeqs(), "12ms"));
        gpu.put("gpu-endpoint.simulated.prefill-per-token", settings.affinityPrefill());
        gpu.putAll(settings.affinityGpu());
        stack.restartGpuFleet(options.withGpu(gpu));
        // Unmeasured: the GPU instances' JIT warms on other conversations, so the first measured arm is not the colder one.
        arm("warm-up", false, stack, gateway, options, settings.withAffinityWorkload(Math.max(8, settings.affinityUsers() / 2), 3));
        Arm without = arm("without affinity", false, stack, gateway, options, settings);
        Arm with = arm("with affinity", true, stack, gateway, options, settings);
        return new Result(settings.affinityUsers(), settings.affinityRounds(), settings.affinityPrefill(), without, with);
    }

    private static Arm arm(String name, boolean affinity, LocalStackLauncher stack, LocalApiGateway gateway, LaunchOptions options,
                           BenchSettings settings) {
        Map<String, String> properties = new HashMap<>(PlatformBench.orchestratorProperties(settings));
        properties.put(SettingNames.INFERENCE_AFFINITY, Boolean.toString(affinity));
        // Room for every conversation at once: nothing spills, so both arms' turns take the same path.
        stack.restartOrchestrator(options.withOrchestrator(Math.max(64, settings.affinityUsers() * 2), "baseline-only", properties));
        double[] before = prefixCounters(stack);
        String tag = name.replace(' ', '-');
        List<TurnRecord> records;
        try (ChatLoadGenerator users = ChatLoadGenerator.connect(i -> gateway.webSocketUri("dev-affinity-" + tag + "-" + i),
                settings.affinityUsers(), Duration.ofSeconds(15))) {
            records = users.runRounds(settings.affinityRounds(), settings.affinitySpread(), LOST_AFTER);
        }
        double[] after = prefixCounters(stack);
        Map<String, Double> sessions = PrometheusScrape.of(stack.orchestrator().uri("/metrics")).samples("gpu_sessions_total");
        Arm arm = new Arm(name, affinity, records, after[0] - before[0], after[1] - before[1], sessions);
        System.out.printf("%s: answered %d/%d, follow-up TTFT p50 %s p99 %s, prefix-cache hit rate %.1f %%, %.0f tokens prefilled per turn%n",
                name, arm.all().answered(), arm.all().offered(), arm.followUps().ttft().millis(0.5), arm.followUps().ttft().millis(0.99),
                arm.hitRate() * 100, arm.prefilledPerTurn());
        return arm;
    }

    /** Prompt tokens the two instances looked up in their prefix caches, and found there, so far. */
    private static double[] prefixCounters(LocalStackLauncher stack) {
        double queried = 0;
        double hit = 0;
        for (URI instance : List.of(stack.firstGpuInstance(), stack.secondGpuInstance())) {
            PrometheusScrape scrape = PrometheusScrape.of(instance.resolve("/metrics"));
            queried += scrape.samples("gpu_endpoint_prefix_cache_queried_tokens").values().stream().mapToDouble(Double::doubleValue).sum();
            hit += scrape.samples("gpu_endpoint_prefix_cache_hit_tokens").values().stream().mapToDouble(Double::doubleValue).sum();
        }
        return new double[] {queried, hit};
    }
}
