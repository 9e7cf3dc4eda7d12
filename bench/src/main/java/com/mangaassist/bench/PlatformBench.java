package com.mangaassist.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.gateway.LocalApiGateway;
import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import com.mangaassist.localstack.LaunchOptions;
import com.mangaassist.localstack.LocalStackLauncher;
import com.mangaassist.pipeline.grounding.GroundingLimits;
import com.mangaassist.shared.contract.SettingNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform benchmarks on the whole local stack, in one invocation: the burst side by side in
 * three configurations (hybrid, baseline-only, overflow-only), the GPU-bottleneck variant, and the
 * per-hop overhead with an instant GPU; and, when asked for, what retrieval costs a turn. The stack starts once; between parts the orchestrator (and,
 * where the part needs another GPU, the GPU fleet) is restarted on the same address. Writes
 * {@code bench/target/platform-bench.md}; see bench/README.md.
 */
public final class PlatformBench {

    /** Production-like JVMs for the services (full JIT), so CPU per turn is not a test-speed artefact. */
    static final String SERVICE_JVM_FLAGS = "-XX:+UseG1GC -Xmx1g -Xss512k";
    /** Run order: overflow-only first, on the orchestrator the stack starts with, so the global warm-up needs no restart. */
    private static final List<String> RUN_ORDER = List.of("overflow-only", "baseline-only", "hybrid");
    private static final Path QUICK_WARMUP = SimulatedGpuFleet.quickWarmupManifest();
    /**
     * Retrieval's deadline as deployed (the pipeline's default, what the CDK app sets): the local stack's test options wait 2 s so a
     * busy test machine does not make grounded answers ungrounded, but a benchmark measures what production would do.
     */
    static final String RETRIEVAL_DEADLINE = GroundingLimits.DEFAULTS.deadline().toMillis() + "ms";

    private PlatformBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchSettings.USAGE);
            System.exit(2);
            return;
        }
        Path root = ServiceProcess.reactorRoot();
        // -Dbench.service-jvm-extra="-XX:StartFlightRecording=..." profiles the services during a run.
        System.setProperty(ServiceProcess.JVM_FLAGS_PROPERTY, SERVICE_JVM_FLAGS + " " + System.getProperty("bench.service-jvm-extra", ""));
        System.setProperty("mangaassist.service-logs", root.resolve("bench/target/platform-logs").toString());
        long begin = System.nanoTime();
        LaunchOptions options = LaunchOptions.forTests(settings.capacity(), "hybrid")
                .withGpu(gpu(settings.gpuSeqs(), "12ms"))
                .withOrchestrator(settings.capacity(), settings.runs("burst") ? RUN_ORDER.get(0) : "hybrid", orchestratorProperties(settings))
                // Lambda scales its pollers with the backlog; locally a fixed 8 pollers x 10 messages stand in for that.
                .withOverflow(Map.of("local.concurrency", "8", SettingNames.KNOWLEDGE_DEADLINE, RETRIEVAL_DEADLINE));
        LocalStackLauncher stack = new LocalStackLauncher();
        Path target = root.resolve("bench/target");
        PlatformReport report = new PlatformReport(settings, target.resolve("platform-charts"));
        int exit = 0;
        try {
            // The backend is kept: the retrieval part reads the chat-events stream back from it.
            Map<String, String> aws = new java.util.HashMap<>();
            LocalApiGateway gateway = stack.start(options, () -> {
                LocalAwsStack backend = LocalAwsStack.start(options.timings());
                backend.serviceProperties().forEach((key, value) -> aws.put(key, value.toString()));
                return backend;
            });
            if (settings.runs("burst")) {
                // The overflow function and the GPU instances stay up across configurations: warm them once, unmeasured.
                BurstScenario.warmUp(gateway, settings, Duration.ofSeconds(8));
                List<BurstScenario.Result> results = new ArrayList<>();
                for (String configuration : RUN_ORDER) {
                    LaunchOptions next = configuration.equals(RUN_ORDER.get(0)) ? null
                            : options.withOrchestrator(settings.capacity(), configuration, orchestratorProperties(settings));
                    results.add(BurstScenario.run(configuration, stack, gateway, next, settings, settings.burstProfile()));
                }
                results.sort(java.util.Comparator.comparingInt(r -> List.of("hybrid", "baseline-only", "overflow-only").indexOf(r.configuration())));
                report.burst(results);
            }
            if (settings.runs("gpu-bottleneck")) {
                // The orchestrator is hybrid here either way (the burst part ends with hybrid; without it the stack started hybrid),
                // so only the GPU fleet changes.
                stack.restartGpuFleet(options.withGpu(gpu(settings.bottleneckSeqs(), "12ms")));
                if (!settings.runs("burst")) {
                    BurstScenario.warmUp(gateway, settings, Duration.ofSeconds(8));
                }
                report.gpuBottleneck(BurstScenario.run("gpu-bottleneck", stack, gateway, null, settings, settings.gpuBottleneckProfile()));
            }
            if (settings.runs("retrieval")) {
                report.retrieval(RetrievalScenario.run(stack, gateway, options, settings, aws));
            }
            if (settings.runs("affinity")) {
                report.affinity(AffinityScenario.run(stack, gateway, options, settings));
            }
            if (settings.runs("overhead")) {
                report.overhead(OverheadScenario.run(stack, gateway, options, settings));
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            stack.stop();
        }
        report.wallTime(Duration.ofNanos(System.nanoTime() - begin));
        String markdown = report.markdown();
        Path out = target.resolve("platform-bench.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, markdown);
        Files.write(target.resolve("platform-bench.json"), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report.figures()));
        System.out.println();
        System.out.println(markdown);
        // The emulators leave non-daemon threads behind; exec:java would wait on them forever.
        System.exit(exit != 0 ? exit : report.verdictsHold() ? 0 : 3);
    }

    /** The simulated GPU for both instances: {@code maxNumSeqs} sequences per instance, {@code decode} per token. */
    static Map<String, String> gpu(int maxNumSeqs, String decode) {
        // Warm from the start: no first-shape cost, a two-shape warmup (readiness still gated on it), a short load.
        return Map.of("gpu-endpoint.simulated.max-num-seqs", Integer.toString(maxNumSeqs),
                "gpu-endpoint.simulated.decode-per-token", decode,
                "gpu-endpoint.simulated.prefill-per-token", decode.equals("0ms") ? "0ms" : "50us",
                "gpu-endpoint.simulated.first-shape-cost", "0ms",
                "gpu-endpoint.simulated.load-time", "500ms",
                "gpu-endpoint.warmup.manifest", QUICK_WARMUP.toString());
    }

    /**
     * The bench's orchestrator settings. The load generator speaks for a few callers from hundreds of connections (the
     * retrieval run's three principals own the seeded orders), which the per-caller limits and token budgets exist to
     * refuse: they are lifted here, so what is measured is the platform's throughput, not the limit (usage is still read at
     * admission and charged with each answer, so its cost is in the figures).
     */
    static Map<String, String> orchestratorProperties(BenchSettings settings) {
        return Map.of("orchestrator.routing.ttft-sla", settings.ttftSla().toMillis() + "ms", SettingNames.KNOWLEDGE_DEADLINE, RETRIEVAL_DEADLINE,
                SettingNames.PRINCIPAL_CONNECTIONS, "100000", SettingNames.PRINCIPAL_MESSAGES_PER_SECOND, "100000",
                SettingNames.PRINCIPAL_BURST, "100000", SettingNames.PRINCIPAL_TURNS_IN_FLIGHT, "100000",
                SettingNames.QUOTA_DAILY_TOKENS, "0", SettingNames.QUOTA_MONTHLY_TOKENS, "0");
    }
}
