package com.mangaassist.localstack;

import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.contract.TurnTimings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of the local stack.
 *
 * @param openAiUrl              a real OpenAI-compatible server (vLLM, llama.cpp, Ollama) instead of the
 *                               simulated GPU, or {@code null}
 * @param openAiModel            the model name that server serves
 * @param gpuProperties          extra properties for both gpu-endpoint instances (the simulated GPU's
 *                               timing and batch limit, the warmup manifest)
 * @param orchestratorProperties extra orchestrator properties (routing water marks, rate limits)
 * @param overflowProperties     extra properties for the overflow function (local event-source concurrency)
 * @param timings                every time bound of a turn: both services, the local function's timeout and the
 *                               queue's visibility follow from it (the fault suite shortens it)
 * @param orchestratorTasks      orchestrator tasks behind the gateway (frames spread over them as an NLB spreads them)
 * @param oidc                   sign-in through a local OIDC stand-in: the gateway accepts its ID tokens only (no dev
 *                               tokens) and the chat page runs the authorization code flow with PKCE against it
 */
public record LaunchOptions(int port, String openAiUrl, String openAiModel, int capacity, String spillMode, Duration idleTimeout,
                            Map<String, String> gpuProperties, Map<String, String> orchestratorProperties,
                            Map<String, String> overflowProperties, TurnTimings timings, int orchestratorTasks, boolean oidc) {

    public LaunchOptions {
        orchestratorTasks = Math.max(1, orchestratorTasks);
        timings = timings == null ? TurnTimings.defaults() : timings;
        idleTimeout = idleTimeout == null ? com.mangaassist.gateway.GatewayLimits.apiGateway().idleTimeout() : idleTimeout;
        gpuProperties = Map.copyOf(gpuProperties == null ? Map.of() : gpuProperties);
        orchestratorProperties = Map.copyOf(orchestratorProperties == null ? Map.of() : orchestratorProperties);
        overflowProperties = Map.copyOf(overflowProperties == null ? Map.of() : overflowProperties);
    }

    static final String USAGE = """
            usage: run-local.sh [--port 8765] [--openai-url http://127.0.0.1:11434 --openai-model llama3.1]
                                [--capacity 64] [--spill-mode hybrid|baseline-only|overflow-only] [--oidc]
            """;

    public static LaunchOptions parse(String[] args) {
        int port = 8765;
        String url = null;
        String model = null;
        int capacity = 64;
        String spillMode = "hybrid";
        boolean oidc = false;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            if (flag.equals("--oidc")) {
                oidc = true;
                continue;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("missing value for " + flag);
            }
            String value = rest.remove(0);
            switch (flag) {
                case "--port" -> port = Integer.parseInt(value);
                case "--openai-url" -> url = value;
                case "--openai-model" -> model = value;
                case "--capacity" -> capacity = Integer.parseInt(value);
                case "--spill-mode" -> spillMode = value;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (url != null && model == null) {
            throw new IllegalArgumentException("--openai-url needs --openai-model");
        }
        // Two tasks behind the gateway, as ECS runs at least two: one can die while the other answers.
        return new LaunchOptions(port, url, model, capacity, spillMode, null, null, null, null, null, 2, oidc);
    }

    /**
     * Simulated GPU, port chosen freely: what tests and benches start. Retrieval waits up to 2 s
     * instead of 250 ms: a test machine running the whole reactor on two cores must not turn a
     * grounded answer into an ungrounded one by being busy (what a test stalls or stops still ends
     * ungrounded, just later).
     */
    public static LaunchOptions forTests(int capacity, String spillMode) {
        Map<String, String> patientRetrieval = Map.of(SettingNames.KNOWLEDGE_DEADLINE, "2s");
        return new LaunchOptions(0, null, null, capacity, spillMode, null, null, patientRetrieval, patientRetrieval, null, 1, false);
    }

    /** With a shorter gateway idle timeout (API Gateway's is 10 minutes). */
    public LaunchOptions withIdleTimeout(Duration value) {
        return new LaunchOptions(port, openAiUrl, openAiModel, capacity, spillMode, value, gpuProperties, orchestratorProperties, overflowProperties, timings, orchestratorTasks, oidc);
    }

    /** Another orchestrator configuration (what {@link LocalStackLauncher#restartOrchestrator} applies); {@code properties} add to (and override) the current ones. */
    public LaunchOptions withOrchestrator(int newCapacity, String newSpillMode, Map<String, String> properties) {
        return new LaunchOptions(port, openAiUrl, openAiModel, newCapacity, newSpillMode, idleTimeout, gpuProperties, merged(orchestratorProperties, properties),
                overflowProperties, timings, orchestratorTasks, oidc);
    }

    /** Another simulated GPU (what {@link LocalStackLauncher#restartGpuFleet} applies). */
    public LaunchOptions withGpu(Map<String, String> properties) {
        return new LaunchOptions(port, openAiUrl, openAiModel, capacity, spillMode, idleTimeout, properties, orchestratorProperties, overflowProperties, timings, orchestratorTasks, oidc);
    }

    /** {@code properties} add to (and override) the overflow function's current ones. */
    public LaunchOptions withOverflow(Map<String, String> properties) {
        return new LaunchOptions(port, openAiUrl, openAiModel, capacity, spillMode, idleTimeout, gpuProperties, orchestratorProperties,
                merged(overflowProperties, properties), timings, orchestratorTasks, oidc);
    }

    private static Map<String, String> merged(Map<String, String> current, Map<String, String> added) {
        Map<String, String> all = new java.util.HashMap<>(current);
        all.putAll(added);
        return all;
    }

    public LaunchOptions withTimings(TurnTimings value) {
        return new LaunchOptions(port, openAiUrl, openAiModel, capacity, spillMode, idleTimeout, gpuProperties, orchestratorProperties,
                overflowProperties, value, orchestratorTasks, oidc);
    }

    public LaunchOptions withOrchestratorTasks(int tasks) {
        return new LaunchOptions(port, openAiUrl, openAiModel, capacity, spillMode, idleTimeout, gpuProperties, orchestratorProperties,
                overflowProperties, timings, tasks, oidc);
    }

    /** With sign-in through the local OIDC stand-in (or back to dev tokens). */
    public LaunchOptions withOidc(boolean value) {
        return new LaunchOptions(port, openAiUrl, openAiModel, capacity, spillMode, idleTimeout, gpuProperties, orchestratorProperties,
                overflowProperties, timings, orchestratorTasks, value);
    }

    /** The settings that give both services {@link #timings()} (ADR 0019). */
    public Map<String, String> timingProperties() {
        return Map.of(SettingNames.INFERENCE_FIRST_EVENT_TIMEOUT, millis(timings.firstEvent()),
                SettingNames.INFERENCE_STREAM_TIMEOUT, millis(timings.stream()),
                SettingNames.TIMINGS_OVERHEAD, millis(timings.overhead()),
                SettingNames.TIMINGS_LAMBDA_SLACK, millis(timings.lambdaSlack()),
                SettingNames.TIMINGS_VISIBILITY_SLACK, millis(timings.visibilitySlack()),
                SettingNames.TIMINGS_SWEEP_INTERVAL, millis(timings.sweepInterval()),
                SettingNames.TIMINGS_CLIENT_SILENCE, millis(timings.clientSilence()));
    }

    private static String millis(Duration value) {
        return value.toMillis() + "ms";
    }

    public boolean simulated() {
        return openAiUrl == null;
    }
}
