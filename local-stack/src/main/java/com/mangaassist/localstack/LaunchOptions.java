package com.mangaassist.localstack;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the local stack.
 *
 * @param openAiUrl    a real OpenAI-compatible server (vLLM, llama.cpp, Ollama) instead of the
 *                     simulated GPU, or {@code null}
 * @param openAiModel  the model name that server serves
 */
public record LaunchOptions(int port, String openAiUrl, String openAiModel, int capacity, String spillMode, java.time.Duration idleTimeout) {

    public LaunchOptions {
        idleTimeout = idleTimeout == null ? com.mangaassist.gateway.GatewayLimits.apiGateway().idleTimeout() : idleTimeout;
    }

    static final String USAGE = """
            usage: run-local.sh [--port 8765] [--openai-url http://127.0.0.1:11434 --openai-model llama3.1]
                                [--capacity 64] [--spill-mode hybrid|baseline-only|overflow-only]
            """;

    public static LaunchOptions parse(String[] args) {
        int port = 8765;
        String url = null;
        String model = null;
        int capacity = 64;
        String spillMode = "hybrid";
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
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
        return new LaunchOptions(port, url, model, capacity, spillMode, null);
    }

    /** Simulated GPU, port chosen freely: what tests start. */
    public static LaunchOptions forTests(int capacity, String spillMode) {
        return new LaunchOptions(0, null, null, capacity, spillMode, null);
    }

    /** With a shorter gateway idle timeout (API Gateway's is 10 minutes). */
    public LaunchOptions withIdleTimeout(java.time.Duration value) {
        return new LaunchOptions(port, openAiUrl, openAiModel, capacity, spillMode, value);
    }

    public boolean simulated() {
        return openAiUrl == null;
    }
}
