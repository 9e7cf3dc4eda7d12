package com.mangaassist.gpu.engine.openai;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach (and optionally run) an OpenAI-compatible server: vLLM, llama.cpp's server, Ollama.
 *
 * @param model          the base model name; a request's LoRA adapter replaces it (vLLM serves
 *                       each {@code --lora-modules} entry as a model name)
 * @param attemptTimeout per attempt, until response headers arrive
 * @param idleTimeout    longest silence between streamed chunks before the engine counts as hung
 * @param maxAttempts    attempts per request; retries happen only before the first token
 * @param retryDeadline  no new attempt starts after this much time since the first
 * @param loadTimeout    how long {@code load()} waits for the server to answer
 * @param command        when not empty, the server process to start and supervise
 */
public record OpenAiEngineSettings(
        URI baseUrl,
        String model,
        int maxNumSeqs,
        int maxModelLen,
        Duration attemptTimeout,
        Duration idleTimeout,
        int maxAttempts,
        Duration retryDeadline,
        Duration loadTimeout,
        List<String> command) {

    public OpenAiEngineSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(retryDeadline, "retryDeadline");
        Objects.requireNonNull(loadTimeout, "loadTimeout");
        // An unset property arrives as one blank element.
        command = command == null ? List.of() : command.stream().filter(part -> !part.isBlank()).toList();
        if (maxAttempts < 1 || maxNumSeqs < 1 || maxModelLen < 64) {
            throw new IllegalArgumentException("need maxAttempts >= 1, maxNumSeqs >= 1, maxModelLen >= 64");
        }
    }

    /** The vLLM flags the seeds settle on, for a supervised server. */
    public static List<String> vllmCommand(String model, int maxNumSeqs, int maxModelLen, int port, List<String> loraModules) {
        List<String> command = new java.util.ArrayList<>(List.of("python3", "-m", "vllm.entrypoints.openai.api_server",
                "--model", model, "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--gpu-memory-utilization", "0.92", "--max-num-seqs", Integer.toString(maxNumSeqs),
                "--max-model-len", Integer.toString(maxModelLen), "--block-size", "16", "--enable-prefix-caching",
                "--quantization", "awq"));
        if (!loraModules.isEmpty()) {
            command.add("--enable-lora");
            command.add("--lora-modules");
            command.addAll(loraModules);
        }
        return List.copyOf(command);
    }
}
