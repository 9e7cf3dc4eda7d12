package com.mangaassist.gpu;

import com.mangaassist.shared.breaker.BreakerSettings;
import com.mangaassist.shared.breaker.OomCircuitBreaker;
import com.mangaassist.shared.capacity.CapacityInputs;
import com.mangaassist.shared.capacity.GpuSpec;
import com.mangaassist.shared.capacity.ModelSpec;
import com.mangaassist.shared.capacity.WeightFormat;
import com.mangaassist.gpu.config.EndpointSettings;
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
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the endpoint's plain-Java parts from its settings ({@link EndpointSettings}, bound from
 * {@code gpu-endpoint.*} in application.properties, overridable by environment variables such as
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
    InferenceEngine simulatedEngine(EndpointSettings settings) {
        EndpointSettings.Simulated gpu = settings.simulated();
        CapacityInputs capacity = CapacityInputs.of(GpuSpec.named(gpu.gpu()), ModelSpec.named(gpu.model()),
                WeightFormat.valueOf(gpu.weights().toUpperCase(Locale.ROOT)));
        return new SimulatedGpuEngine(new SimulatedGpuConfig(capacity, gpu.maxNumSeqs(), gpu.maxModelLen(), gpu.loadTime(), gpu.firstShapeCost(),
                gpu.prefillPerToken(), gpu.decodePerToken(), gpu.batchSlowdown()), Set.copyOf(settings.adapters()));
    }

    /** A real model server speaking the OpenAI API (vLLM, llama.cpp, Ollama), optionally supervised. */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "gpu-endpoint.engine", value = "openai")
    InferenceEngine openAiEngine(EndpointSettings settings) {
        EndpointSettings.OpenAi vllm = settings.openai();
        return new OpenAiCompatibleEngine(new OpenAiEngineSettings(vllm.baseUrl(), vllm.requireModel(), vllm.maxNumSeqs(), vllm.maxModelLen(),
                vllm.attemptTimeout(), vllm.idleTimeout(), vllm.maxAttempts(), vllm.retryDeadline(), vllm.loadTimeout(), vllm.command()));
    }

    @Singleton
    OomCircuitBreaker breaker(EndpointMetrics metrics, EndpointSettings settings) {
        BreakerSettings defaults = BreakerSettings.defaults();
        EndpointSettings.Breaker breaker = settings.breaker();
        return new OomCircuitBreaker(new BreakerSettings(breaker.reducedContext(), breaker.reducedMaxOutput(), breaker.cooldown(),
                defaults.escalationTrips(), defaults.escalationWindow()), Clock.systemUTC(), metrics);
    }

    @Singleton
    ErrorRateWindow errorRateWindow(EndpointSettings settings) {
        EndpointSettings.Health health = settings.health();
        return new ErrorRateWindow(Clock.systemUTC(), health.errorWindow(), health.errorMinRequests(), health.errorThreshold());
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
    WarmupManifest warmupManifest(EndpointSettings settings) {
        EndpointSettings.Warmup warmup = settings.warmup();
        WarmupManifest manifest = WarmupManifest.load(warmup.manifest() == null ? "" : warmup.manifest());
        return warmup.deadline() == null ? manifest : manifest.withDeadline(warmup.deadline());
    }

    @Singleton
    ProcessTerminator processTerminator(EndpointMetrics metrics) {
        return new SystemProcessTerminator(metrics);
    }

    @Singleton
    @Bean(preDestroy = "close")
    EngineHealthProbe healthProbe(InferenceEngine engine, EndpointLifecycle lifecycle, ErrorRateWindow errors, EndpointMetrics metrics,
                                  EndpointSettings settings) {
        EndpointSettings.Health health = settings.health();
        return new EngineHealthProbe(engine, lifecycle, errors, metrics::tokensGenerated, health.probeInterval(), health.probeDeadline(),
                health.failureThreshold());
    }

    @Singleton
    @Bean(preDestroy = "close")
    EndpointStartup startup(InferenceEngine engine, InferenceService service, TokenCounter counter, WarmupManifest manifest,
                            EndpointLifecycle lifecycle, EngineHealthProbe probe, EndpointMetrics metrics, ProcessTerminator terminator) {
        return new EndpointStartup(engine, new WarmupRunner(service, counter, lifecycle), manifest, lifecycle, probe, metrics, terminator);
    }
}
