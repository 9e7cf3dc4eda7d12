package com.mangaassist.orchestrator.admission;

import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.load.LoadTracker;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.overflow.OverflowPublisher;
import com.mangaassist.orchestrator.turn.TurnExecutor;
import com.mangaassist.pipeline.assembly.TurnPipelineAssembly;
import com.mangaassist.pipeline.turn.TurnIntake;
import com.mangaassist.pipeline.usage.TokenQuotas;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.routing.RoutingPolicy;
import com.mangaassist.shared.routing.RoutingThresholds;
import com.mangaassist.shared.routing.TurnPlacement;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admission: the per-connection and per-caller limits, the routing policy with this deployment's water marks, and the GPU probe gate. */
@Factory
class AdmissionFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionFactory.class);

    @Singleton
    TokenBuckets rateLimiter(OrchestratorSettings settings) {
        return new TokenBuckets(settings.rate().messagesPerSecond(), settings.rate().burst(), System::nanoTime);
    }

    @Singleton
    PrincipalLimits principalLimits(OrchestratorSettings settings, TurnPipelineAssembly assembly, OrchestratorMetrics metrics) {
        return new PrincipalLimits(assembly.redis(), settings.principal(), assembly.timings().answerDeadline(), System::nanoTime, metrics);
    }

    @Singleton
    TurnAdmission admission(OrchestratorSettings settings, RoutingThresholds thresholds, LoadTracker load, TurnExecutor turns,
                            @Nullable OverflowPublisher overflow, TurnIntake intake, TokenBuckets rateLimiter,
                            PrincipalLimits principals, FrameSender frames, OrchestratorMetrics metrics, TokenQuotas quotas) {
        RoutingPolicy policy = new RoutingPolicy(thresholds, settings.mode());
        LOG.info("event=routing_configured spillMode={} capacity={} overflowQueue={} thresholds=\"{}\"", settings.mode(), settings.capacity(),
                overflow != null, thresholds);
        metrics.gauge(MetricNames.PRESSURE_TASK, () -> policy.pressure().task() ? 1 : 0);
        metrics.gauge(MetricNames.PRESSURE_GPU, () -> policy.pressure().gpu() ? 1 : 0);
        metrics.gauge(MetricNames.PRESSURE_OVERFLOW_BACKLOGGED, () -> policy.pressure().overflowBacklogged() ? 1 : 0);
        return new TurnAdmission(policy, load, turns, overflow, intake, rateLimiter, principals, frames, metrics,
                new TurnPlacement(TurnPlacement.PROBE_INTERVAL, System::nanoTime, thresholds.shedRetryAfter()), quotas);
    }
}
