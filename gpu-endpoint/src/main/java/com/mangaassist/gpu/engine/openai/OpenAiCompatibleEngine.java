package com.mangaassist.gpu.engine.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.gpu.engine.ChatMessage;
import com.mangaassist.gpu.engine.EngineException;
import com.mangaassist.gpu.engine.EngineRequest;
import com.mangaassist.gpu.engine.EngineResult;
import com.mangaassist.gpu.engine.EngineStats;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.shared.runtime.DaemonThreads;
import com.mangaassist.shared.wire.inference.FinishReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production engine: streaming chat completions over SSE from an OpenAI-compatible server
 * (vLLM; the same code works against llama.cpp's server and Ollama). Each attempt has its own
 * header timeout and an idle timeout between chunks, so a hung engine surfaces as
 * {@link EngineException.Unavailable} instead of a stuck request; retries happen only before the
 * first token, so a user never sees text twice. When configured with a command, the server runs
 * as a supervised child process.
 */
public final class OpenAiCompatibleEngine implements InferenceEngine {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiEngineSettings settings;
    private final HttpClient http;
    private final VllmProcessSupervisor supervisor;
    // Runs the per-stream idle guards and the /metrics scrape; neither blocks for long.
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("engine-scheduler"));
    private final AtomicReference<EngineStats> stats = new AtomicReference<>(EngineStats.UNKNOWN);
    private final AtomicReference<com.mangaassist.gpu.engine.PrefixCacheStats> prefixCache =
            new AtomicReference<>(com.mangaassist.gpu.engine.PrefixCacheStats.UNKNOWN);
    private boolean polling;
    private final AtomicInteger resets = new AtomicInteger();

    public OpenAiCompatibleEngine(OpenAiEngineSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.attemptTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.supervisor = settings.command().isEmpty() ? null : new VllmProcessSupervisor(settings.command());
        this.stats.set(EngineStats.idle(settings.maxNumSeqs()));
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public int maxModelLen() {
        return settings.maxModelLen();
    }

    /** The supervised server process, when this engine runs one. */
    public VllmProcessSupervisor supervisor() {
        return supervisor;
    }

    @Override
    public void load() throws EngineException {
        if (supervisor != null) {
            try {
                supervisor.start();
            } catch (IllegalStateException e) {
                throw new EngineException.Unavailable(e.getMessage(), e);
            }
        }
        long deadline = System.nanoTime() + settings.loadTimeout().toNanos();
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            if (supervisor != null && !supervisor.isAlive()) {
                throw new EngineException.Unavailable("engine process exited while loading: " + supervisor.describeExit(), null);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(settings.baseUrl().resolve("/v1/models"))
                        .timeout(settings.attemptTimeout()).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    startStatsPolling();
                    return;
                }
                lastProblem = "GET /v1/models answered " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException.Unavailable("interrupted while loading", e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new EngineException.Unavailable("engine not ready within " + settings.loadTimeout().toSeconds() + " s: " + lastProblem, null);
    }

    @Override
    public EngineResult generate(EngineRequest request, TokenSink sink) throws EngineException {
        long start = System.nanoTime();
        Duration backoff = Duration.ofMillis(100);
        for (int attempt = 1; ; attempt++) {
            Attempt outcome = new Attempt(sink);
            try {
                return outcome.run(request);
            } catch (EngineException e) {
                boolean lastAttempt = attempt >= settings.maxAttempts()
                        || System.nanoTime() - start + backoff.toNanos() > settings.retryDeadline().toNanos();
                if (outcome.tokens > 0 || !EngineErrorClassifier.isRetryable(e) || lastAttempt) {
                    throw e;
                }
                LOG.info("event=engine_retry request_id={} attempt={} detail=\"{}\"", request.requestId(), attempt, e.getMessage());
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /** One HTTP attempt, streaming into the sink. */
    private final class Attempt {
        private final TokenSink sink;
        private int tokens;

        Attempt(TokenSink sink) {
            this.sink = sink;
        }

        EngineResult run(EngineRequest request) throws EngineException {
            HttpRequest httpRequest = HttpRequest.newBuilder(settings.baseUrl().resolve("/v1/chat/completions"))
                    .timeout(settings.attemptTimeout())
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(body(request)))
                    .build();
            HttpResponse<InputStream> response;
            try {
                response = http.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException | java.net.ConnectException e) {
                throw new EngineException.Unavailable("engine unreachable: " + e.getMessage(), e);
            } catch (HttpTimeoutException e) {
                throw new EngineException.Unavailable("engine did not answer within " + settings.attemptTimeout().toMillis() + " ms", e);
            } catch (IOException e) {
                throw new EngineException.Unavailable("engine connection failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException.Unavailable("interrupted", e);
            }
            if (response.statusCode() != 200) {
                throw EngineErrorClassifier.classify(response.statusCode(), drain(response.body()));
            }
            return readStream(request, response.body());
        }

        private EngineResult readStream(EngineRequest request, InputStream body) throws EngineException {
            AtomicLong lastActivity = new AtomicLong(System.nanoTime());
            long idleNanos = settings.idleTimeout().toNanos();
            ScheduledFuture<?> guard = scheduler.scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastActivity.get() > idleNanos) {
                    closeQuietly(body); // unblocks the reader, which then reports the engine as hung
                }
            }, idleNanos / 4, idleNanos / 4, TimeUnit.NANOSECONDS);
            int promptTokens = request.promptTokens();
            int completionTokens = -1;
            FinishReason finish = null;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lastActivity.set(System.nanoTime());
                    if (!line.startsWith("data:")) {
                        continue;
                    }
                    String data = line.substring(5).strip();
                    if (data.equals("[DONE]")) {
                        return new EngineResult(promptTokens, completionTokens >= 0 ? completionTokens : tokens,
                                finish == null ? FinishReason.STOP : finish);
                    }
                    JsonNode chunk = JSON.readTree(data);
                    if (chunk.has("error")) {
                        String error = chunk.get("error").toString();
                        throw EngineErrorClassifier.isOutOfMemory(error) ? new EngineException.OutOfMemory("engine stream error: " + error)
                                : new EngineException.Unavailable("engine stream error: " + error, null);
                    }
                    JsonNode usage = chunk.get("usage");
                    if (usage != null && usage.isObject()) {
                        promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
                        completionTokens = usage.path("completion_tokens").asInt(completionTokens);
                    }
                    JsonNode choice = chunk.path("choices").path(0);
                    String content = choice.path("delta").path("content").asText("");
                    if (!content.isEmpty()) {
                        tokens++;
                        if (!sink.onToken(content)) {
                            return new EngineResult(promptTokens, tokens, FinishReason.CANCELLED);
                        }
                    }
                    String reason = choice.path("finish_reason").asText("");
                    if (!reason.isEmpty() && !reason.equals("null")) {
                        finish = reason.equals("length") ? FinishReason.LENGTH : FinishReason.STOP;
                    }
                }
                throw new EngineException.Unavailable(System.nanoTime() - lastActivity.get() > idleNanos
                        ? "engine stopped answering mid-stream (idle over " + settings.idleTimeout().toMillis() + " ms)"
                        : "engine closed the stream without [DONE]", null);
            } catch (IOException e) {
                throw new EngineException.Unavailable(System.nanoTime() - lastActivity.get() > idleNanos
                        ? "engine stopped answering mid-stream (idle over " + settings.idleTimeout().toMillis() + " ms)"
                        : "engine stream broke: " + e.getMessage(), e);
            } finally {
                guard.cancel(false);
            }
        }
    }

    private String body(EngineRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", request.adapter() != null ? request.adapter() : settings.model());
        body.put("max_tokens", request.maxTokens());
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role().wireName()).put("content", message.content());
        }
        return body.toString();
    }

    private static String drain(InputStream body) {
        try (InputStream in = body) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(body unreadable: " + e.getMessage() + ")";
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how we interrupt the reader; a failure to close changes nothing
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void whenProcessDies(Runnable recovery) {
        if (supervisor != null) {
            supervisor.onUnexpectedExit(recovery);
        }
    }

    /**
     * After an out-of-memory failure: drops vLLM's prefix cache (POST {@code /reset_prefix_cache}), so the KV blocks that
     * cached prefixes held are free for the retry on a reduced budget and for the sequences still running. vLLM recovers
     * its block manager itself after a failed step; the cached prefixes are what it keeps. A server that does not expose the
     * route (not started by this front, so without {@code VLLM_SERVER_DEV_MODE}) or refuses (running requests hold the
     * blocks) keeps its cache: the reset is best effort, logged, and never fails the request that triggered it.
     */
    @Override
    public void reset() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(settings.baseUrl().resolve("/reset_prefix_cache"))
                    .timeout(settings.attemptTimeout()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                resets.incrementAndGet();
                LOG.info("event=engine_reset action=prefix_cache_dropped");
            } else {
                LOG.warn("event=engine_reset_refused status={} detail=\"{}\"", response.statusCode(),
                        response.statusCode() == 404 ? "the server has no reset route (VLLM_SERVER_DEV_MODE unset)" : "the server refused");
            }
        } catch (IOException e) {
            LOG.warn("event=engine_reset_failed detail=\"{}\"", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prefix-cache resets the server acknowledged. */
    public int resets() {
        return resets.get();
    }

    @Override
    public EngineStats stats() {
        return stats.get();
    }

    @Override
    public com.mangaassist.gpu.engine.PrefixCacheStats prefixCache() {
        return prefixCache.get();
    }

    /** vLLM's own /metrics every 2 s: what the routing policy reads as GPU saturation. */
    private synchronized void startStatsPolling() {
        if (polling) {
            return;
        }
        polling = true;
        scheduler.scheduleWithFixedDelay(this::pollStats, 0, 2, TimeUnit.SECONDS);
    }

    private void pollStats() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(settings.baseUrl().resolve("/metrics"))
                    .timeout(settings.attemptTimeout()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                stats.set(VllmMetricsParser.parse(response.body(), settings.maxNumSeqs()));
                prefixCache.set(VllmMetricsParser.prefixCache(response.body()));
            }
        } catch (IOException e) {
            // A missed scrape keeps the last reading; the health probe owns "the engine is down".
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (supervisor != null) {
            supervisor.close();
        }
    }
}
