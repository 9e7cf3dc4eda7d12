package com.mangaassist.gpu;

import com.mangaassist.gpu.breaker.BreakerSettings;
import com.mangaassist.gpu.breaker.OomCircuitBreaker;
import com.mangaassist.gpu.capacity.CapacityInputs;
import com.mangaassist.gpu.capacity.GpuSpec;
import com.mangaassist.gpu.capacity.ModelSpec;
import com.mangaassist.gpu.capacity.WeightFormat;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.openai.OpenAiCompatibleEngine;
import com.mangaassist.gpu.engine.openai.OpenAiEngineSettings;
import com.mangaassist.gpu.engine.simulated.SimulatedGpuConfig;
import com.mangaassist.gpu.engine.simulated.SimulatedGpuEngine;
import com.mangaassist.gpu.health.EngineHealthProbe;
import com.mangaassist.gpu.health.ErrorRateWindow;
import com.mangaassist.gpu.inference.InferenceService;
import com.mangaassist.gpu.lifecycle.EndpointLifecycle;
import com.mangaassist.gpu.metrics.EndpointMetrics;
import com.mangaassist.gpu.startup.EndpointStartup;
import com.mangaassist.gpu.startup.ProcessTerminator;
import com.mangaassist.gpu.startup.SystemProcessTerminator;
import com.mangaassist.gpu.warmup.WarmupManifest;
import com.mangaassist.gpu.warmup.WarmupRunner;
import com.mangaassist.shared.budget.BudgetPolicy;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.budget.TokenCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the endpoint's plain-Java parts from configuration ({@code gpu-endpoint.*} in
 * application.properties, overridable by environment variables such as
 * {@code GPU_ENDPOINT_SIMULATED_LOAD_TIME}).
 */
@Factory
public class EndpointFactory {

    @Singleton
    PrometheusMeterRegistry meterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Singleton
    EndpointMetrics metrics(PrometheusMeterRegistry registry) {
        return new EndpointMetrics(registry);
    }

    /** The stateful sessions SageMaker routes by (conversation affinity, ADR 0040). */
    @Singleton
    com.mangaassist.gpu.session.InstanceSessions instanceSessions() {
        return com.mangaassist.gpu.session.InstanceSessions.withDefaults();
    }

    @Singleton
    TokenCounter tokenCounter() {
        return JtokkitTokenCounter.withDefaults();
    }

    @Singleton
    ContextBudgetManager budgetManager(TokenCounter counter) {
        return new ContextBudgetManager(counter, BudgetPolicy.defaults());
    }

    /** The embedded default: a simulated GPU (see SimulatedGpuEngine). */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "gpu-endpoint.engine", value = "simulated", defaultValue = "simulated")
    InferenceEngine simulatedEngine(@Value("${gpu-endpoint.simulated.gpu:a10g}") String gpu,
                           @Value("${gpu-endpoint.simulated.model:llama-3-8b}") String model,
                           @Value("${gpu-endpoint.simulated.weights:awq_int4}") String weights,
                           @Value("${gpu-endpoint.simulated.max-num-seqs:32}") int maxNumSeqs,
                           @Value("${gpu-endpoint.simulated.max-model-len:8192}") int maxModelLen,
                           @Value("${gpu-endpoint.simulated.load-time:2s}") Duration loadTime,
                           @Value("${gpu-endpoint.simulated.first-shape-cost:300ms}") Duration firstShapeCost,
                           @Value("${gpu-endpoint.simulated.prefill-per-token:50us}") Duration prefillPerToken,
                           @Value("${gpu-endpoint.simulated.decode-per-token:12ms}") Duration decodePerToken,
                           @Value("${gpu-endpoint.simulated.batch-slowdown:0.02}") double batchSlowdown,
                           @Value("${gpu-endpoint.adapters:chatbot-en,chatbot-ja}") List<String> adapters) {
        CapacityInputs capacity = CapacityInputs.of(GpuSpec.named(gpu), ModelSpec.named(model),
                WeightFormat.valueOf(weights.toUpperCase(Locale.ROOT)));
        return new SimulatedGpuEngine(new SimulatedGpuConfig(capacity, maxNumSeqs, maxModelLen, loadTime, firstShapeCost,
                prefillPerToken, decodePerToken, batchSlowdown), Set.copyOf(adapters));
    }

    /** A real model server speaking the OpenAI API (vLLM, llama.cpp, Ollama), optionally supervised. */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "gpu-endpoint.engine", value = "openai")
    InferenceEngine openAiEngine(@Value("${gpu-endpoint.openai.base-url:`http://127.0.0.1:8000`}") String baseUrl,
                                 @Value("${gpu-endpoint.openai.model}") String model,
                                 @Value("${gpu-endpoint.openai.max-num-seqs:64}") int maxNumSeqs,
                                 @Value("${gpu-endpoint.openai.max-model-len:4096}") int maxModelLen,
                                 @Value("${gpu-endpoint.openai.attempt-timeout:10s}") Duration attemptTimeout,
                                 @Value("${gpu-endpoint.openai.idle-timeout:15s}") Duration idleTimeout,
                                 @Value("${gpu-endpoint.openai.max-attempts:3}") int maxAttempts,
                                 @Value("${gpu-endpoint.openai.retry-deadline:20s}") Duration retryDeadline,
                                 @Value("${gpu-endpoint.openai.load-timeout:170s}") Duration loadTimeout,
                                 @Value("${gpu-endpoint.openai.command:}") List<String> command) {
        return new OpenAiCompatibleEngine(new OpenAiEngineSettings(URI.create(baseUrl), model, maxNumSeqs, maxModelLen, attemptTimeout,
                idleTimeout, maxAttempts, retryDeadline, loadTimeout, command));
    }

    @Singleton
    OomCircuitBreaker breaker(EndpointMetrics metrics,
                              @Value("${gpu-endpoint.breaker.reduced-context:1024}") int reducedContext,
                              @Value("${gpu-endpoint.breaker.reduced-max-output:256}") int reducedMaxOutput,
                              @Value("${gpu-endpoint.breaker.cooldown:30s}") Duration cooldown) {
        BreakerSettings defaults = BreakerSettings.defaults();
        return new OomCircuitBreaker(new BreakerSettings(reducedContext, reducedMaxOutput, cooldown, defaults.escalationTrips(),
                defaults.escalationWindow()), Clock.systemUTC(), metrics);
    }

    @Singleton
    ErrorRateWindow errorRateWindow(@Value("${gpu-endpoint.health.error-window:60s}") Duration window,
                                    @Value("${gpu-endpoint.health.error-min-requests:20}") int minRequests,
                                    @Value("${gpu-endpoint.health.error-threshold:0.5}") double threshold) {
        return new ErrorRateWindow(Clock.systemUTC(), window, minRequests, threshold);
    }

    @Singleton
    EndpointLifecycle lifecycle() {
        return new EndpointLifecycle();
    }

    @Singleton
    InferenceService inferenceService(InferenceEngine engine, ContextBudgetManager budget, OomCircuitBreaker breaker,
                                      ErrorRateWindow errors, EndpointMetrics metrics) {
        return new InferenceService(engine, budget, breaker, errors, metrics);
    }

    @Singleton
    WarmupManifest warmupManifest(@Value("${gpu-endpoint.warmup.manifest:}") String path,
                                  @Value("${gpu-endpoint.warmup.deadline:}") String deadline) {
        WarmupManifest manifest = WarmupManifest.load(path);
        return deadline.isBlank() ? manifest : manifest.withDeadline(Duration.parse("PT" + deadline.toUpperCase(Locale.ROOT)));
    }

    @Singleton
    ProcessTerminator processTerminator(EndpointMetrics metrics) {
        return new SystemProcessTerminator(metrics);
    }

    @Singleton
    @Bean(preDestroy = "close")
    EngineHealthProbe healthProbe(InferenceEngine engine, EndpointLifecycle lifecycle, ErrorRateWindow errors, EndpointMetrics metrics,
                                  @Value("${gpu-endpoint.health.probe-interval:10s}") Duration interval,
                                  @Value("${gpu-endpoint.health.probe-deadline:5s}") Duration deadline,
                                  @Value("${gpu-endpoint.health.failure-threshold:2}") int failureThreshold) {
        return new EngineHealthProbe(engine, lifecycle, errors, metrics::tokensGenerated, interval, deadline, failureThreshold);
    }

    @Singleton
    @Bean(preDestroy = "close")
    EndpointStartup startup(InferenceEngine engine, InferenceService service, TokenCounter counter, WarmupManifest manifest,
                            EndpointLifecycle lifecycle, EngineHealthProbe probe, EndpointMetrics metrics, ProcessTerminator terminator) {
        return new EndpointStartup(engine, new WarmupRunner(service, counter, lifecycle), manifest, lifecycle, probe, metrics, terminator);
    }
}
