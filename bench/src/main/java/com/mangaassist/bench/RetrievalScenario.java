package com.mangaassist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangaassist.bench.load.ChatEventStream;
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
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.events.ChatEvent;
import com.mangaassist.shared.wire.events.ChatEventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What retrieval costs a turn (issue 26): the same open-loop load at a steady rate on the baseline
 * route with the simulated GPU, once with retrieval switched off in the orchestrator and once on,
 * in one invocation on one stack; then, optionally, with the search node restarted on other JVM
 * flags (what would help, measured rather than guessed). Per configuration: the users' TTFT,
 * retrieval's own time and outcome per turn (from the chat-events stream, one record per turn,
 * cross-checked against the orchestrator's {@code retrieval.*} meters), the orchestrator's and the
 * search node's CPU per turn (split by thread pool), and how busy the whole machine was.
 */
final class RetrievalScenario {

    /** Principals the local stack seeded orders for (LocalOrders): order questions then find real orders. */
    private static final List<String> PRINCIPALS = List.of("user", "alice", "bob");
    /** Order questions, EN and JA: the eval set has none, and these are what also sends a turn to the orders table. */
    static final List<String> ORDER_QUESTIONS = List.of(
            "Where is my order?",
            "When will my last order arrive?",
            "Has my order shipped yet?",
            "Can I get a refund for the manga I bought last week?",
            "What is the tracking number for my package?",
            "I ordered the new volume, when will it be delivered?",
            "注文した漫画はいつ届きますか？",
            "私の注文の配送状況を教えてください",
            "先週購入した本はもう発送されましたか？",
            "荷物の追跡番号を知りたいです",
            "返金はいつされますか？",
            "最近の注文を確認したい");
    private static final int USERS = 400;
    private static final Duration LOST_AFTER = Duration.ofSeconds(30);
    /** The light step after the measured one: retrieval's time with (almost) nothing queued in front of it. */
    private static final LoadPhase LIGHT = new LoadPhase("light", Duration.ofSeconds(20), 3);

    /** CPU milliseconds per answered turn of one process: all of it, JIT, GC/VM, and by thread pool. */
    record ProcessCpu(double total, double jit, double gcAndVm, Map<String, Double> byThread) {
    }

    /** Retrieval as the turns themselves recorded it (chat events), and as the orchestrator's meters counted it. */
    record Retrieval(int turns, LatencyStats latency, Map<String, Integer> outcomes, Map<String, Double> meterOutcomes, double meterMeanMs,
                     Map<String, Double> meterQuantilesMs) {
        static final Retrieval NONE = new Retrieval(0, new LatencyStats(new long[0]), Map.of(), Map.of(), 0, Map.of());
    }

    /**
     * One configuration.
     *
     * @param events          chat events of the measured window (one per closed turn) against the turns answered
     * @param promptTokens    mean prompt tokens per turn (the RAG context makes prompts longer, and prefill with them)
     * @param serverTtft      TTFT as the orchestrator measured it (from acceptance), from the chat events
     * @param machineCoreShare the whole machine's busy time over the window, in cores (2 = both cores busy all the time)
     * @param outsideCoreShare of that, what processes outside the bench and the stack it started used (another build on the machine)
     * @param light           the light step (on configurations), else {@code null}
     * @param probe           retrieval taken apart, one question at a time (on configurations, unless switched off), else {@code null}
     */
    record Result(String name, String description, PhaseSummary turns, Retrieval retrieval, int events, double promptTokens,
                  LatencyStats serverTtft, ProcessCpu orchestrator, ProcessCpu node, double orchestratorCoreShare, double nodeCoreShare,
                  double machineCoreShare, double outsideCoreShare, PhaseSummary lightTurns, Retrieval light, SearchProbe.Result probe) {
    }

    /** The configurations measured, and the embedder taken apart (null when the probe is off). */
    record Outcome(List<Result> results, Map<String, EmbedderProbe.Cost> embedders) {
    }

    private RetrievalScenario() {
    }

    /**
     * @param aws the stack's AWS properties (the chat-events stream is read back from them)
     */
    static Outcome run(LocalStackLauncher stack, LocalApiGateway gateway, LaunchOptions options, BenchSettings settings,
                            Map<String, String> aws) {
        List<String> questions = questions(settings.seed());
        System.out.printf("%n== retrieval: %.0f turns/s, %d questions (eval set + orders), baseline-only, simulated GPU (%s per token)%n",
                settings.retrievalRate(), questions.size(), settings.retrievalDecode());
        // The GPU's own time is not what is measured: tokens as fast as the retrieval-decode setting (instant by default, so the
        // machine's two cores go to the turn and retrieval, not to streaming frames), prefill 50 µs per prompt token, so the
        // longer prompt a grounded turn sends still shows in its TTFT.
        Map<String, String> gpu = new HashMap<>(PlatformBench.gpu(256, settings.retrievalDecode()));
        gpu.put("gpu-endpoint.simulated.prefill-per-token", "50us");
        stack.restartGpuFleet(options.withGpu(gpu));
        List<Result> results = new ArrayList<>();
        Map<String, String> off = new HashMap<>(PlatformBench.orchestratorProperties(settings));
        // Blank = disabled (PipelineSettings): no search, no orders lookup; the turn goes straight from history to the prompt.
        off.put(SettingNames.KNOWLEDGE_SEARCH_ENDPOINT, "");
        off.put("pipeline.orders.table", "");
        stack.restartOrchestrator(options.withOrchestrator(256, "baseline-only", off));
        results.add(measure("off", "retrieval off (no search endpoint, no orders table)", stack, gateway, settings, aws, questions, false));

        stack.restartOrchestrator(options.withOrchestrator(256, "baseline-only", PlatformBench.orchestratorProperties(settings)));
        results.add(measure("on", "retrieval on (as shipped: node on `" + String.join(" ", nodeFlags(stack.searchEngine())) + "`)", stack, gateway,
                settings, aws, questions, true));
        Map<String, EmbedderProbe.Cost> embedders = settings.retrievalProbe() ? EmbedderProbe.run(questions) : null;

        // What would help, measured: the same orchestrator (warm), the node restarted on other JVM flags, its data kept.
        for (List<String> flags : settings.searchNodeVariants()) {
            ServiceProcess variant = swapNode(stack, flags);
            try {
                results.add(measure("on, node `" + String.join(" ", flags) + "`", "retrieval on, search node on `" + String.join(" ", flags) + "`",
                        stack, gateway, settings, aws, questions, true, variant));
            } finally {
                variant.close();
                stack.restartSearchEngine();
                SearchProbe.awaitIndex(java.net.URI.create("http://127.0.0.1:" + stack.searchEngine().port()));
            }
        }
        if (settings.retrievalProbe()) {
            // Last, as it changes the index for good: the same probe after merging the index into one segment.
            java.net.URI node = java.net.URI.create("http://127.0.0.1:" + stack.searchEngine().port());
            try {
                SearchProbe.awaitIndex(node);
                System.out.printf("%n-- index merged into one segment (was %d), probe only%n", SearchProbe.segments(node));
                SearchProbe.forceMerge(node);
                SearchProbe.Result merged = SearchProbe.run(node, stack.searchEngine(), questions, similarQuestions());
                results.add(new Result("on, index in one segment", "probe only, after `_forcemerge?max_num_segments=1`", null, null, 0, 0, null,
                        null, null, 0, 0, 0, 0, null, null, merged));
            } catch (RuntimeException e) {
                // The configurations above are measured already; a failed extra probe must not lose them.
                System.out.println("the one-segment probe failed: " + e);
            }
        }
        return new Outcome(results, embedders);
    }

    private static Result measure(String name, String description, LocalStackLauncher stack, LocalApiGateway gateway, BenchSettings settings,
                                  Map<String, String> aws, List<String> questions, boolean light) {
        return measure(name, description, stack, gateway, settings, aws, questions, light, stack.searchEngine());
    }

    private static Result measure(String name, String description, LocalStackLauncher stack, LocalApiGateway gateway, BenchSettings settings,
                                  Map<String, String> aws, List<String> questions, boolean light, ServiceProcess node) {
        System.out.printf("%n-- %s: warm-up %d s, then %d s measured at %.0f turns/s%n", description, settings.retrievalWarmup().toSeconds(),
                settings.retrievalMeasure().toSeconds(), settings.retrievalRate());
        ServiceProcess orchestrator = stack.orchestrator();
        List<TurnRecord> records;
        List<TurnRecord> lightRecords = List.of();
        Instant from;
        Instant to;
        Instant lightFrom = null;
        Instant lightTo = null;
        Reading before;
        Reading after;
        try (ChatLoadGenerator users = ChatLoadGenerator.connect(i -> gateway.webSocketUri("dev-" + PRINCIPALS.get(i % PRINCIPALS.size())), USERS,
                settings.retryDeadline(), questions)) {
            List<TurnRecord> warm = users.run(List.of(new LoadPhase("warm-up", settings.retrievalWarmup(), settings.retrievalRate())),
                    settings.seed() + 3, LOST_AFTER);
            System.out.printf("warm-up: %s%n", line(PhaseSummary.of("warm-up", warm)));
            pause(Duration.ofSeconds(1));
            from = Instant.now();
            before = Reading.of(orchestrator, node);
            records = users.run(List.of(new LoadPhase("steady", settings.retrievalMeasure(), settings.retrievalRate())), settings.seed(), LOST_AFTER);
            after = Reading.of(orchestrator, node);
            to = Instant.now();
            if (light) {
                pause(Duration.ofSeconds(1));
                lightFrom = Instant.now();
                lightRecords = users.run(List.of(LIGHT), settings.seed() + 4, LOST_AFTER);
                lightTo = Instant.now();
            }
        }
        SearchProbe.Result probe = light && settings.retrievalProbe()
                ? SearchProbe.run(java.net.URI.create("http://127.0.0.1:" + node.port()), node, questions, similarQuestions()) : null;
        pause(Duration.ofSeconds(2)); // the publisher's linger: every closed turn's event is on the stream
        String region = aws.getOrDefault(SettingNames.AWS_REGION, "us-east-1");
        String kinesis = aws.get(SettingNames.AWS_ENDPOINTS + ".kinesis");
        String stream = aws.get(SettingNames.CHAT_EVENTS_STREAM);
        List<ChatEvent> events = completed(ChatEventStream.read(region, kinesis, stream, from, to));
        PhaseSummary turns = PhaseSummary.of("steady", records);
        int answered = Math.max(1, turns.answered());
        double seconds = after.wallNanos - before.wallNanos;
        Result result = new Result(name, description, turns, retrieval(events, before.metrics, after.metrics), events.size(),
                events.stream().mapToInt(ChatEvent::promptTokens).average().orElse(0),
                new LatencyStats(events.stream().mapToLong(e -> e.ttftMillis() == null ? -1 : e.ttftMillis() * 1_000_000).toArray()),
                cpu(before.orchestrator, after.orchestrator, answered), cpu(before.node, after.node, answered),
                (after.orchestrator.process.toNanos() - before.orchestrator.process.toNanos()) / seconds,
                (after.node.process.toNanos() - before.node.process.toNanos()) / seconds,
                (after.machineBusyNanos - before.machineBusyNanos) / seconds,
                Math.max(0, (after.machineBusyNanos - before.machineBusyNanos) - (after.stackNanos - before.stackNanos)) / seconds,
                light ? PhaseSummary.of("light", lightRecords) : null,
                light ? retrieval(completed(ChatEventStream.read(region, kinesis, stream, lightFrom, lightTo)), Map.of(), Map.of()) : null, probe);
        System.out.printf("%s: %s; retrieval p50 %s p99 %s %s; orchestrator %.2f ms CPU/turn, node %.2f ms CPU/turn, machine %.2f cores busy%n",
                name, line(turns), result.retrieval().latency().millis(0.5), result.retrieval().latency().millis(0.99), result.retrieval().outcomes(),
                result.orchestrator().total(), result.node().total(), result.machineCoreShare());
        return result;
    }

    private static String line(PhaseSummary s) {
        return String.format(java.util.Locale.ROOT, "answered %d/%d, TTFT p50 %s p99 %s, errors %d, lost %d", s.answered(), s.offered(),
                s.ttft().millis(0.5), s.ttft().millis(0.99), s.errors(), s.lost());
    }

    private static List<ChatEvent> completed(List<ChatEvent> events) {
        return events.stream().filter(e -> e.type() == ChatEventType.TURN_COMPLETED && e.route() == Route.BASELINE).toList();
    }

    private static Retrieval retrieval(List<ChatEvent> events, Map<String, Double> metricsBefore, Map<String, Double> metricsAfter) {
        List<ChatEvent> retrieved = events.stream().filter(e -> e.retrieval() != null).toList();
        if (retrieved.isEmpty() && metricsAfter.isEmpty()) {
            return Retrieval.NONE;
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        retrieved.forEach(e -> outcomes.merge(e.retrieval().outcome().wireName(), 1, Integer::sum));
        Map<String, Double> meterOutcomes = new TreeMap<>();
        Map<String, Double> quantiles = new TreeMap<>();
        metricsAfter.forEach((key, value) -> {
            if (key.startsWith("retrieval_turns_total|")) {
                meterOutcomes.put(PrometheusScrape.labels(key.substring(key.indexOf('|') + 1)).get("outcome"), value - metricsBefore.getOrDefault(key, 0.0));
            } else if (key.startsWith("retrieval_latency_seconds|")) {
                quantiles.put(PrometheusScrape.labels(key.substring(key.indexOf('|') + 1)).get("quantile"), value * 1000);
            }
        });
        double count = metricsAfter.getOrDefault("retrieval_latency_seconds_count|", 0.0) - metricsBefore.getOrDefault("retrieval_latency_seconds_count|", 0.0);
        double sum = metricsAfter.getOrDefault("retrieval_latency_seconds_sum|", 0.0) - metricsBefore.getOrDefault("retrieval_latency_seconds_sum|", 0.0);
        return new Retrieval(retrieved.size(), new LatencyStats(retrieved.stream().mapToLong(e -> e.retrieval().millis() * 1_000_000).toArray()),
                outcomes, meterOutcomes, count > 0 ? 1000 * sum / count : 0, quantiles);
    }

    private static ProcessCpu cpu(ProcessReading before, ProcessReading after, int turns) {
        ThreadCpu split = after.threads.minus(before.threads);
        double perTurn = 1e6 * turns;
        Map<String, Double> byThread = new TreeMap<>();
        after.byName.forEach((thread, nanos) -> {
            double delta = (nanos - before.byName.getOrDefault(thread, 0L)) / perTurn;
            if (delta > 0) {
                byThread.put(thread, delta);
            }
        });
        // A thread that ended within the window (the JVM retires idle compiler threads) takes its time with it: never below zero.
        return new ProcessCpu(after.process.minus(before.process).toNanos() / perTurn, Math.max(0, split.jitNanos()) / perTurn,
                Math.max(0, split.gcAndVmNanos()) / perTurn, byThread);
    }

    /** One process's CPU counters at one moment. */
    private record ProcessReading(Duration process, ThreadCpu threads, Map<String, Long> byName) {
        static ProcessReading of(ServiceProcess p) {
            return new ProcessReading(p.cpuTime(), ThreadCpu.of(p.pid()), ThreadCpu.byName(p.pid()));
        }
    }

    /** Everything read at the edges of the measured window. */
    private record Reading(long wallNanos, long machineBusyNanos, long stackNanos, ProcessReading orchestrator, ProcessReading node,
                           Map<String, Double> metrics) {
        static Reading of(ServiceProcess orchestrator, ServiceProcess node) {
            Map<String, Double> metrics = new HashMap<>();
            PrometheusScrape scrape = PrometheusScrape.of(orchestrator.uri("/metrics"));
            for (String metric : List.of("retrieval_turns_total", "retrieval_latency_seconds_count", "retrieval_latency_seconds_sum",
                    "retrieval_latency_seconds")) {
                scrape.samples(metric).forEach((labels, value) -> metrics.put(metric + "|" + labels, value));
            }
            return new Reading(System.nanoTime(), RetrievalScenario.machineBusy(), stackCpu(), ProcessReading.of(orchestrator), ProcessReading.of(node),
                    metrics);
        }
    }

    /** CPU time of this JVM (load generator, gateway, emulators) and every process it started (the services, the node). */
    static long stackCpu() {
        long nanos = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        for (ProcessHandle child : (Iterable<ProcessHandle>) ProcessHandle.current().descendants()::iterator) {
            nanos += child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
        return nanos;
    }

    /** All cores' busy time so far (/proc/stat: everything but idle and iowait). */
    static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 8); i++) { // user nice system idle iowait irq softirq; not steal
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * 10_000_000L;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The eval set's questions (EN and JA: catalog facts, authors, genres, "similar to", policies, follow-ups) and the order
     * questions, in a seeded order, so both configurations ask the same question at the same arrival.
     */
    static List<String> questions(long seed) {
        List<String> questions = new ArrayList<>();
        Path eval = ServiceProcess.reactorRoot().resolve("knowledge/data/eval/questions.jsonl");
        ObjectMapper json = new ObjectMapper();
        try {
            for (String line : Files.readAllLines(eval, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode question = json.readTree(line);
                    questions.add(question.get("question").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        questions.addAll(ORDER_QUESTIONS);
        Collections.shuffle(questions, new Random(seed));
        return List.copyOf(questions);
    }

    /** The eval set's "similar to X" questions. */
    static java.util.Set<String> similarQuestions() {
        java.util.Set<String> similar = new java.util.HashSet<>();
        ObjectMapper json = new ObjectMapper();
        try {
            for (String line : Files.readAllLines(ServiceProcess.reactorRoot().resolve("knowledge/data/eval/questions.jsonl"), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode question = json.readTree(line);
                    if ("similar".equals(question.path("kind").asText())) {
                        similar.add(question.get("question").asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return similar;
    }

    /** The search node's JVM flags, from its command line. */
    private static List<String> nodeFlags(ServiceProcess node) {
        List<String> command = commandLine(node);
        return command.subList(1, command.indexOf("-cp")).stream().filter(a -> !a.startsWith("-D")).toList();
    }

    private static List<String> commandLine(ServiceProcess process) {
        try {
            String raw = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.UTF_8);
            return Arrays.asList(raw.split("\u0000"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the stack's search node and starts the same node (class path, port, data directory) on {@code flags}; the
     * caller closes it and has the stack start its own node again.
     */
    private static ServiceProcess swapNode(LocalStackLauncher stack, List<String> flags) {
        ServiceProcess node = stack.searchEngine();
        List<String> command = commandLine(node);
        int cp = command.indexOf("-cp");
        String classpath = command.get(cp + 1);
        String main = command.get(cp + 2);
        List<String> args = command.subList(cp + 3, command.size());
        System.out.printf("%n-- search node restarted on %s (was %s)%n", flags, nodeFlags(node));
        node.close();
        ServiceProcess variant = ServiceProcess.startWithJvmFlags("opensearch-variant", classpath, flags, main, List.copyOf(args), node.port());
        try {
            variant.awaitOutput("local OpenSearch node started", Duration.ofSeconds(90));
            SearchProbe.awaitIndex(java.net.URI.create("http://127.0.0.1:" + node.port()));
        } catch (RuntimeException e) {
            variant.close();
            throw e;
        }
        return variant;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For the report: the turns per outcome as "grounded 97 %, no-hits 2 %, ...". */
    static Map<String, Double> shares(Map<String, ? extends Number> counts) {
        double all = counts.values().stream().mapToDouble(Number::doubleValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.forEach((k, v) -> shares.put(k, all == 0 ? 0 : v.doubleValue() / all));
        return shares;
    }
}
