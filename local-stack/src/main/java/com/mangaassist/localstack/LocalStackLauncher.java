package com.mangaassist.localstack;

import com.mangaassist.gateway.GatewayAuth;
import com.mangaassist.gateway.GatewayLimits;
import com.mangaassist.gateway.LocalApiGateway;
import com.mangaassist.gateway.oidc.LocalOidcStandIn;
import com.mangaassist.localaws.AwsBackend;
import com.mangaassist.localaws.LocalAwsStack;
import com.mangaassist.localaws.lambda.LocalLambdaFunction;
import com.mangaassist.localaws.process.LoopbackPorts;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.localaws.sagemaker.LocalSageMakerRuntime;
import com.mangaassist.localaws.sagemaker.SimulatedGpuFleet;
import com.mangaassist.shared.contract.SettingNames;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The whole platform on 127.0.0.1 with one command: the AWS emulators, two gpu-endpoint instances
 * (simulated GPU, or a real OpenAI-compatible server) behind the local SageMaker runtime path, the
 * orchestrator, the overflow function on the local SQS event source, and the WebSocket gateway with
 * the chat page. Each step waits for readiness (a GPU instance only counts once it warmed); Ctrl-C
 * stops everything in reverse order. Service logs go to {@code target/local-stack/logs}.
 */
public final class LocalStackLauncher {

    private int steps = 6;
    /**
     * Each caller's token budgets on a local stack (ADR 0046): real budgets, so the page shows usage against them and a
     * test can spend one, but far above what a session, the end-to-end tests or the fault suite use in a day. The bench
     * lifts them (its few callers stand for thousands).
     */
    public static final Map<String, String> LOCAL_TOKEN_BUDGETS = Map.of(SettingNames.QUOTA_DAILY_TOKENS, "5000000",
            SettingNames.QUOTA_MONTHLY_TOKENS, "100000000");

    /** What to stop, newest first. Shared with the supervisor's thread, which swaps replaced services in. */
    private final Deque<AutoCloseable> started = new ConcurrentLinkedDeque<>();
    private volatile ServiceProcess firstGpu;
    private volatile ServiceProcess secondGpu;
    private volatile ServiceProcess orchestrator;
    private final List<ServiceProcess> orchestrators = new CopyOnWriteArrayList<>();
    private volatile ServiceProcess overflowFunction;
    private ServiceSupervisor supervisor;
    private LocalApiGateway gateway;
    private LocalOidcStandIn oidcStandIn;
    private int replacements;
    private String queueUrl;
    private String dlqUrl;
    private LocalSageMakerRuntime runtime;
    private LocalKnowledge knowledge;
    private Map<String, String> pipeline;
    private int orchestratorRestarts;
    private LaunchOptions options;
    private int step;
    /**
     * What the local gateway maps into every integration call and every orchestrator task accepts,
     * as the stack's stage variable and secret do in AWS (ADR 0027): new for each launch, so nothing
     * outside this stack knows it.
     */
    private final String originProof = newOriginProof();

    public static void main(String[] args) throws Exception {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.setProperty("mangaassist.service-logs", ServiceProcess.reactorRoot().resolve("target/local-stack/logs").toString());
        LocalStackLauncher launcher = new LocalStackLauncher();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping the local stack…");
            launcher.stop();
            stopped.countDown();
        }, "local-stack-shutdown"));
        try {
            launcher.start(options);
            launcher.supervise();
            LocalEndpoints endpoints = launcher.endpoints();
            Path env = endpoints.write(ServiceProcess.reactorRoot().resolve("target/local-stack/env.sh"));
            System.out.print("Endpoints (AWS CLI and SDKs: source " + env + "):\n" + endpoints.summary());
        } catch (RuntimeException e) {
            System.err.println("\nthe local stack could not start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    /** Starts everything on the embedded emulators and returns the running gateway (its chat URL is what to open). */
    public LocalApiGateway start(LaunchOptions options) {
        return start(options, () -> LocalAwsStack.start(options.timings()));
    }

    /** The same on another AWS backend (the integration tests' LocalStack variant). */
    public LocalApiGateway start(LaunchOptions options, Supplier<? extends AwsBackend> backend) {
        this.options = options;
        steps = options.oidc() ? 7 : 6;
        long begin = System.nanoTime();
        // The orchestrator must know the management endpoint before the gateway binds, so the port is fixed up front.
        int port = options.port() == 0 ? LoopbackPorts.free() : options.port();
        AwsBackend backendStarted = run("AWS services: DynamoDB, SQS (overflow queue + DLQ), Kinesis, Redis", backend);
        String gatewayUrl = "http://127.0.0.1:" + port + "/local";

        LocalSageMakerRuntime runtime = run("two GPU endpoint instances (" + (options.simulated() ? "simulated GPU" : options.openAiUrl())
                + "), warmed, behind the SageMaker runtime", () -> startGpuFleet(options, LoopbackPorts.free(), LoopbackPorts.free()));
        pipeline = new HashMap<>();
        backendStarted.serviceProperties().forEach((key, value) -> pipeline.put(key, value.toString()));
        pipeline.put("pipeline.connections-endpoint", gatewayUrl);
        pipeline.put("aws.endpoints.sagemaker-runtime", runtime.endpoint().toString());
        pipeline.putAll(options.timingProperties());
        pipeline.putAll(LOCAL_TOKEN_BUDGETS);
        knowledge = run("knowledge: an OpenSearch node with the catalog and store policies ingested, the dev principals' orders",
                () -> LocalKnowledge.start(pipeline));
        System.out.println("      " + knowledge.summary());
        pipeline.putAll(knowledge.serviceProperties());

        run(options.orchestratorTasks() + " orchestrator task(s) (capacity " + options.capacity() + " each, " + options.spillMode() + ")", () -> {
            ServiceProcess first = startOrchestrator(options, LoopbackPorts.free());
            orchestrators.add(first);
            for (int task = 2; task <= options.orchestratorTasks(); task++) {
                // Another task of the same service behind the gateway, as the NLB spreads frames over a service's tasks.
                ServiceProcess another = ServiceProcess.start("orchestrator-task-" + task, "fargate-orchestrator",
                        "com.mangaassist.orchestrator.OrchestratorApplication", List.of(), orchestratorProperties(options), LoopbackPorts.free())
                        .awaitReady("/ready", Duration.ofMinutes(2));
                started.push(another);
                orchestrators.add(another);
            }
            return first;
        });
        queueUrl = backendStarted.queueUrl();
        dlqUrl = backendStarted.dlqUrl();
        run("overflow function on the local SQS event source", this::startOverflowFunction);
        GatewayAuth auth = GatewayAuth.dev();
        if (options.oidc()) {
            // Never deployed, and it authenticates nobody: it is there so the page's OIDC client and the gateway's token checks run for real.
            oidcStandIn = run("OIDC stand-in for sign-in (authenticates nobody: any user name signs in)",
                    () -> LocalOidcStandIn.start(LocalOidcStandIn.Settings.forChatPage(port)));
            auth = GatewayAuth.oidc(oidcStandIn.issuer(), oidcStandIn.clientId());
        }
        GatewayAuth gatewayAuth = auth;
        gateway = run("WebSocket gateway and chat page on port " + port + (options.oidc() ? " (OIDC sign-in)" : " (dev tokens)"),
                () -> LocalApiGateway.start(port, orchestrators.stream().map(task -> task.uri("")).toList(),
                        GatewayLimits.apiGateway().withIdleTimeout(options.idleTimeout()), options.timings().clientSilence(), originProof,
                        gatewayAuth));

        System.out.printf("%nMangaAssist is running (%.1f s). Chat: %s%n", (System.nanoTime() - begin) / 1e9, gateway.chatUrl());
        System.out.println("WebSocket: ws://127.0.0.1:" + gateway.port() + "/ws?token=" + (options.oidc() ? "<ID token>" : "dev-<your-name>")
                + "   @connections: " + gateway.managementEndpoint());
        if (options.oidc()) {
            System.out.println("Sign-in: OIDC stand-in at " + oidcStandIn.issuer() + " (client " + oidcStandIn.clientId()
                    + "): the page sends you to its form; any user name signs in as that user; dev tokens are refused");
        }
        System.out.println("Logs: " + Path.of(System.getProperty("mangaassist.service-logs", "target/service-logs")) + "   Stop: Ctrl-C");
        return gateway;
    }

    /** The OIDC stand-in the page signs in with, when started with {@link LaunchOptions#oidc()}; null otherwise. */
    public LocalOidcStandIn oidcStandIn() {
        return oidcStandIn;
    }

    /**
     * Stops GPU instance B and starts a fresh one on the same address, returning once it warmed:
     * what a replaced SageMaker instance looks like to the runtime path (drills and tests).
     */
    /** What both services were started with (table names, emulator endpoints, …): tests reach the same stores with it. */
    public Map<String, String> pipelineProperties() {
        return Map.copyOf(pipeline);
    }

    public synchronized void restartSecondGpuInstance() {
        int port = secondGpu.port();
        stopService(secondGpu);
        secondGpu = gpu("gpu-endpoint-b-restarted", options, port);
        started.push(secondGpu);
        awaitFleetInService(Duration.ofMinutes(5));
    }

    /**
     * Replaces both GPU instances with ones built from {@code newOptions}' GPU properties, on the
     * same addresses, and returns once the runtime path sees both warm (benchmarks switch between a
     * roomy, a bottlenecked and an instant GPU this way).
     */
    public void restartGpuFleet(LaunchOptions newOptions) {
        int portA = firstGpu.port();
        int portB = secondGpu.port();
        stopService(firstGpu);
        stopService(secondGpu);
        options = newOptions;
        startGpuFleet(newOptions, portA, portB);
    }

    /** Replaces the orchestrator with one configured from {@code newOptions}, on the same address (the gateway keeps pointing at it). */
    public synchronized ServiceProcess restartOrchestrator(LaunchOptions newOptions) {
        int port = orchestrator.port();
        ServiceProcess replaced = orchestrator;
        stopService(replaced);
        options = newOptions;
        started.push(startOrchestrator(newOptions, port));
        orchestrators.replaceAll(task -> task == replaced ? orchestrator : task);
        return orchestrator;
    }

    /**
     * Replaces every service that dies from now on, as ECS replaces a task and SageMaker an
     * instance (see {@link ServiceSupervisor}); the gateway's {@code /health} then reports each.
     * {@code ./run-local.sh} and the fault suite run supervised; tests that stop services on
     * purpose do not call it.
     */
    public synchronized void supervise() {
        if (supervisor != null) {
            return;
        }
        supervisor = new ServiceSupervisor(System.out::println, Clock.systemUTC());
        for (int i = 0; i < orchestrators.size(); i++) {
            int task = i;
            supervisor.watch("orchestrator task " + (task + 1), unlessStoppedOnPurpose(() -> orchestrators.get(task)),
                    dead -> replaceOrchestratorTask(task, dead));
        }
        supervisor.watch("overflow function", unlessStoppedOnPurpose(() -> overflowFunction), dead -> restartOverflowFunction());
        supervisor.watch("GPU instance A", unlessStoppedOnPurpose(() -> firstGpu), dead -> firstGpu = replaceGpu(dead));
        supervisor.watch("GPU instance B", unlessStoppedOnPurpose(() -> secondGpu), dead -> secondGpu = replaceGpu(dead));
        started.push(supervisor);
        gateway.reportServices(supervisor::health);
        supervisor.start();
    }

    /** The service, unless the launcher itself is stopping or replacing it (stopService takes it off the started list first). */
    private Supplier<ServiceProcess> unlessStoppedOnPurpose(Supplier<ServiceProcess> service) {
        return () -> {
            ServiceProcess process = service.get();
            return process != null && started.contains(process) ? process : null;
        };
    }

    /** Every endpoint this stack listens on, in the names the AWS SDKs read. */
    LocalEndpoints endpoints() {
        return LocalEndpoints.of(pipeline, pipeline.get(SettingNames.AWS_REGION), queueUrl, dlqUrl, gateway.chatUrl().toString(),
                gateway.managementEndpoint().toString());
    }

    /** A new task on the dead one's address (the gateway keeps its target list, as an NLB target group keeps the port). */
    private ServiceProcess replaceOrchestratorTask(int task, ServiceProcess dead) {
        started.remove(dead);
        ServiceProcess fresh = ServiceProcess.start("orchestrator-task-" + (task + 1) + "-replacement-" + (++replacements), "fargate-orchestrator",
                "com.mangaassist.orchestrator.OrchestratorApplication", List.of(), orchestratorProperties(options), dead.port())
                .awaitReady("/ready", Duration.ofMinutes(2));
        started.push(fresh);
        orchestrators.set(task, fresh);
        if (orchestrator == dead) {
            orchestrator = fresh;
        }
        return fresh;
    }

    /** A new GPU instance on the dead one's address; the runtime routes to it once its /ping says warm. */
    private ServiceProcess replaceGpu(ServiceProcess dead) {
        started.remove(dead);
        ServiceProcess fresh = gpu(dead.toString().replaceAll("-replacement-\\d+$", "") + "-replacement-" + (++replacements), options, dead.port())
                .awaitReady("/ping", Duration.ofMinutes(5));
        started.push(fresh);
        return fresh;
    }

    /** Starts a fresh overflow function (its event source included) after the last one died or was stopped: a new Lambda sandbox. */
    public synchronized ServiceProcess restartOverflowFunction() {
        stopService(overflowFunction);
        return startOverflowFunction();
    }

    /** The search engine's process (the fault suite stops and stalls it: turns must then be answered without context). */
    public ServiceProcess searchEngine() {
        return knowledge.process();
    }

    /** Starts the search engine again on its address after it was killed; returns once it answers. */
    public void restartSearchEngine() {
        knowledge.restart();
    }

    /** GPU instance B's process (fault tests kill or stall it; {@link #restartSecondGpuInstance} replaces it). */
    public ServiceProcess secondGpuProcess() {
        return secondGpu;
    }

    /** Where GPU instance A serves (its /metrics, /ping). */
    public java.net.URI firstGpuInstance() {
        return firstGpu.uri("");
    }

    /** Where GPU instance B serves (its /metrics, /ping). */
    public java.net.URI secondGpuInstance() {
        return secondGpu.uri("");
    }

    /** The local SageMaker runtime, as a runtime client's endpoint override. */
    public java.net.URI gpuRuntime() {
        return runtime.endpoint();
    }

    /** The process running the overflow function on the local event source (its log holds the function's EMF). */
    public ServiceProcess overflowFunction() {
        return overflowFunction;
    }

    /** Every orchestrator task behind the gateway, the first one first. */
    public List<ServiceProcess> orchestrators() {
        return List.copyOf(orchestrators);
    }

    /** The orchestrator process (its /metrics, its CPU time). */
    public ServiceProcess orchestrator() {
        return orchestrator;
    }

    private ServiceProcess startOverflowFunction() {
        Map<String, String> props = new HashMap<>(pipeline);
        props.putAll(options.overflowProperties());
        // As the CDK stack sets the function's timeout: from the turn timings.
        props.put(SettingNames.LOCAL_FUNCTION_TIMEOUT, options.timings().lambdaTimeout().toSeconds() + "s");
        props.put("local.sqs-endpoint", pipeline.get("aws.endpoints.sqs"));
        props.put("local.queue-url", queueUrl);
        props.put("local.handler", "com.mangaassist.overflow.OverflowHandler");
        overflowFunction = ServiceProcess.start("overflow-function", "lambda-overflow", List.of(ServiceProcess.codeSourceOf(LocalLambdaFunction.class)),
                // EMF as in Lambda: to stdout, with no detection of an agent or instance metadata.
                LocalLambdaFunction.class.getName(), List.of(), props, Map.of("AWS_EMF_ENVIRONMENT", "Local"), LoopbackPorts.free())
                .awaitOutput(LocalLambdaFunction.READY, Duration.ofMinutes(2));
        started.push(overflowFunction);
        return overflowFunction;
    }

    private LocalSageMakerRuntime startGpuFleet(LaunchOptions gpuOptions, int portA, int portB) {
        // Both load and warm at once; the runtime routes only to instances whose /ping says ready.
        secondGpu = gpu("gpu-endpoint-b", gpuOptions, portB);
        started.push(secondGpu);
        firstGpu = gpu("gpu-endpoint-a", gpuOptions, portA);
        started.push(firstGpu);
        if (runtime == null) {
            runtime = LocalSageMakerRuntime.start(0, SimulatedGpuFleet.routesTo(List.of(firstGpu.uri(""), secondGpu.uri(""))),
                    Duration.ofMillis(250));
        }
        awaitFleetInService(Duration.ofMinutes(5));
        return runtime;
    }

    private void awaitFleetInService(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runtime.readyInstances(SimulatedGpuFleet.ENDPOINTS.get(0)) < 2) {
            firstGpu.assertAlive();
            secondGpu.assertAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the GPU instances were not both in service within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Map<String, String> orchestratorProperties(LaunchOptions orchestratorOptions) {
        Map<String, String> props = new HashMap<>(pipeline);
        props.putAll(orchestratorOptions.orchestratorProperties());
        props.put("orchestrator.capacity", Integer.toString(orchestratorOptions.capacity()));
        props.put("orchestrator.spill-mode", orchestratorOptions.spillMode());
        props.put(SettingNames.ORIGIN_PROOF, originProof);
        return props;
    }

    private static String newOriginProof() {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private ServiceProcess startOrchestrator(LaunchOptions orchestratorOptions, int port) {
        Map<String, String> props = orchestratorProperties(orchestratorOptions);
        String name = orchestrator == null ? "orchestrator" : "orchestrator-" + (++orchestratorRestarts);
        orchestrator = ServiceProcess.start(name, "fargate-orchestrator", "com.mangaassist.orchestrator.OrchestratorApplication", List.of(),
                props, port).awaitReady("/ready", Duration.ofMinutes(2));
        return orchestrator;
    }

    private void stopService(ServiceProcess process) {
        started.remove(process);
        process.close();
    }

    private ServiceProcess gpu(String name, LaunchOptions gpuOptions, int port) {
        return ServiceProcess.start(name, "gpu-endpoint", "com.mangaassist.gpu.GpuEndpointApplication", List.of("serve"),
                gpuProperties(gpuOptions, name.substring(name.length() - 1)), port);
    }

    /**
     * @param instance {@code a} or {@code b}: a property {@code instance-<instance>.<key>} applies to that instance alone (as
     *                 {@code <key>}), so each front can supervise its own model server (bench/run-affinity-vllm.sh)
     */
    private static Map<String, String> gpuProperties(LaunchOptions options, String instance) {
        // Real warmup (the bundled manifest unless overridden): the runtime routes to an instance only once its /ping says ready.
        Map<String, String> props = new HashMap<>();
        String own = "instance-" + instance + ".";
        options.gpuProperties().forEach((key, value) -> {
            if (!key.startsWith("instance-")) {
                props.put(key, value);
            }
        });
        if (!options.simulated()) {
            props.put("gpu-endpoint.engine", "openai");
            props.put("gpu-endpoint.openai.base-url", options.openAiUrl());
            props.put("gpu-endpoint.openai.model", options.openAiModel());
        }
        options.gpuProperties().forEach((key, value) -> {
            if (key.startsWith(own)) {
                props.put(key.substring(own.length()), value);
            }
        });
        return props;
    }

    private <T extends AutoCloseable> T run(String what, Supplier<? extends T> action) {
        step++;
        System.out.printf("[%d/%d] %s … ", step, steps, what);
        System.out.flush();
        long start = System.nanoTime();
        T result = action.get();
        if (!started.contains(result)) {
            started.push(result);
        }
        System.out.printf("ready (%.1f s)%n", (System.nanoTime() - start) / 1e9);
        return result;
    }

    public void stop() {
        if (supervisor != null) {
            supervisor.close(); // nothing is replaced while everything stops
        }
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }
}
