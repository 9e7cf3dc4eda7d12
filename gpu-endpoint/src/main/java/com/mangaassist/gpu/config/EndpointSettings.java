package com.mangaassist.gpu.config;

import com.mangaassist.shared.contract.InvalidSettingException;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What the GPU front is configured with, from {@code gpu-endpoint.*} (application.properties,
 * overridable by environment variables such as {@code GPU_ENDPOINT_SIMULATED_LOAD_TIME}), bound and
 * checked once at start: a value out of range stops the process naming the property, instead of a
 * constructor deep in the engine failing later (issue 29: configuration the Micronaut way, as the
 * orchestrator's {@code OrchestratorSettings}). Which engine runs is {@code gpu-endpoint.engine}
 * ({@code simulated}, the embedded default, or {@code openai}), read by the factory's conditions.
 *
 * @param adapters the LoRA adapters the engine serves (the simulated engine's; vLLM is told its own)
 */
@ConfigurationProperties("gpu-endpoint")
public record EndpointSettings(
        @Bindable(defaultValue = "chatbot-en,chatbot-ja") List<String> adapters,
        @Nullable Simulated simulated,
        @Nullable OpenAi openai,
        @Nullable Breaker breaker,
        @Nullable Health health,
        @Nullable Warmup warmup,
        @Nullable Signals signals) {

    public EndpointSettings {
        adapters = nonBlank(adapters);
        if (adapters.isEmpty()) {
            throw new InvalidSettingException("gpu-endpoint.adapters", "must name at least one adapter");
        }
        simulated = simulated == null ? Simulated.DEFAULTS : simulated;
        openai = openai == null ? OpenAi.DEFAULTS : openai;
        breaker = breaker == null ? Breaker.DEFAULTS : breaker;
        health = health == null ? Health.DEFAULTS : health;
        warmup = warmup == null ? Warmup.DEFAULTS : warmup;
        signals = signals == null ? Signals.DEFAULTS : signals;
    }

    /** The simulated GPU (the embedded default): its hardware, model and timing. */
    @ConfigurationProperties("simulated")
    public record Simulated(@Bindable(defaultValue = "a10g") String gpu, @Bindable(defaultValue = "llama-3-8b") String model,
                            @Bindable(defaultValue = "awq_int4") String weights, @Bindable(defaultValue = "32") int maxNumSeqs,
                            @Bindable(defaultValue = "8192") int maxModelLen, @Bindable(defaultValue = "2s") Duration loadTime,
                            @Bindable(defaultValue = "300ms") Duration firstShapeCost,
                            @Bindable(defaultValue = "50us") Duration prefillPerToken,
                            @Bindable(defaultValue = "12ms") Duration decodePerToken,
                            @Bindable(defaultValue = "0.02") double batchSlowdown) {

        public static final Simulated DEFAULTS = new Simulated("a10g", "llama-3-8b", "awq_int4", 32, 8192, Duration.ofSeconds(2),
                Duration.ofMillis(300), Duration.ofNanos(50_000), Duration.ofMillis(12), 0.02);

        public Simulated {
            positive("gpu-endpoint.simulated.max-num-seqs", maxNumSeqs);
            atLeast("gpu-endpoint.simulated.max-model-len", maxModelLen, 64);
            for (Duration d : new Duration[] {loadTime, firstShapeCost, prefillPerToken, decodePerToken}) {
                if (d == null || d.isNegative()) {
                    throw new InvalidSettingException("gpu-endpoint.simulated", "durations must be zero or more (e.g. 12ms)");
                }
            }
            if (!(batchSlowdown >= 0)) {
                throw new InvalidSettingException("gpu-endpoint.simulated.batch-slowdown", "must be zero or more");
            }
        }
    }

    /**
     * A model server speaking the OpenAI API (vLLM). {@code model} has no default: it is required
     * when this engine runs, and checked then ({@link #requireModel()}), not when the simulated one does.
     */
    @ConfigurationProperties("openai")
    public record OpenAi(@Bindable(defaultValue = "http://127.0.0.1:8000") URI baseUrl, @Nullable String model,
                         @Bindable(defaultValue = "64") int maxNumSeqs, @Bindable(defaultValue = "4096") int maxModelLen,
                         @Bindable(defaultValue = "10s") Duration attemptTimeout, @Bindable(defaultValue = "15s") Duration idleTimeout,
                         @Bindable(defaultValue = "3") int maxAttempts, @Bindable(defaultValue = "20s") Duration retryDeadline,
                         @Bindable(defaultValue = "170s") Duration loadTimeout, @Nullable List<String> command) {

        public static final OpenAi DEFAULTS = new OpenAi(URI.create("http://127.0.0.1:8000"), null, 64, 4096, Duration.ofSeconds(10),
                Duration.ofSeconds(15), 3, Duration.ofSeconds(20), Duration.ofSeconds(170), List.of());

        public OpenAi {
            positive("gpu-endpoint.openai.max-num-seqs", maxNumSeqs);
            atLeast("gpu-endpoint.openai.max-model-len", maxModelLen, 64);
            positive("gpu-endpoint.openai.max-attempts", maxAttempts);
            model = model == null || model.isBlank() ? null : model.strip();
            // An unset list property arrives as one blank element.
            command = nonBlank(command);
        }

        public String requireModel() {
            if (model == null) {
                throw new InvalidSettingException("gpu-endpoint.openai.model", "is required when gpu-endpoint.engine=openai: the served model's name");
            }
            return model;
        }
    }

    /** The OOM breaker's reduced limits and how long it stays open. */
    @ConfigurationProperties("breaker")
    public record Breaker(@Bindable(defaultValue = "1024") int reducedContext, @Bindable(defaultValue = "256") int reducedMaxOutput,
                          @Bindable(defaultValue = "30s") Duration cooldown) {

        public static final Breaker DEFAULTS = new Breaker(1024, 256, Duration.ofSeconds(30));
    }

    /** When the front reports itself unhealthy: the engine's error rate and its own probes. */
    @ConfigurationProperties("health")
    public record Health(@Bindable(defaultValue = "60s") Duration errorWindow, @Bindable(defaultValue = "20") int errorMinRequests,
                         @Bindable(defaultValue = "0.5") double errorThreshold, @Bindable(defaultValue = "10s") Duration probeInterval,
                         @Bindable(defaultValue = "5s") Duration probeDeadline, @Bindable(defaultValue = "2") int failureThreshold) {

        public static final Health DEFAULTS = new Health(Duration.ofSeconds(60), 20, 0.5, Duration.ofSeconds(10), Duration.ofSeconds(5), 2);

        public Health {
            positive("gpu-endpoint.health.error-min-requests", errorMinRequests);
            positive("gpu-endpoint.health.failure-threshold", failureThreshold);
            if (!(errorThreshold > 0 && errorThreshold <= 1)) {
                throw new InvalidSettingException("gpu-endpoint.health.error-threshold", "must be a share of requests in (0, 1]");
            }
        }
    }

    /**
     * The warm-up: {@code manifest} the shapes to compile before taking traffic (none: the built-in
     * set), {@code deadline} how long warm-up may take (none: the manifest's own).
     */
    @ConfigurationProperties("warmup")
    public record Warmup(@Nullable String manifest, @Nullable Duration deadline) {

        public static final Warmup DEFAULTS = new Warmup(null, null);

        public Warmup {
            manifest = manifest == null || manifest.isBlank() ? null : manifest.strip();
        }
    }

    /** How often the engine's saturation signals are read and logged (ADR 0036). */
    @ConfigurationProperties("signals")
    public record Signals(@Bindable(defaultValue = "15s") Duration interval) {

        public static final Signals DEFAULTS = new Signals(Duration.ofSeconds(15));

        public Signals {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new InvalidSettingException("gpu-endpoint.signals.interval", "must be a positive duration (e.g. 15s)");
            }
        }
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }

    private static void positive(String property, int value) {
        atLeast(property, value, 1);
    }

    private static void atLeast(String property, int value, int least) {
        if (value < least) {
            throw new InvalidSettingException(property, "is " + value + ": it must be at least " + least);
        }
    }
}
