package com.mangaassist.orchestrator.load;

import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.shared.contract.MetricNames;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/** What the routing policy reads about this task, its GPU endpoint and its overflow queue. */
@Factory
class LoadFactory {

    /** How long a saturation reading counts with no newer answer to refresh it. */
    private static final Duration GPU_READING_TTL = Duration.ofSeconds(10);

    @Singleton
    GpuLoad gpuLoad(CircuitBreaker breaker) {
        // While GPU pressure sheds, one probe turn a second (TurnPlacement) keeps the reading fresh; 10 s without any answer means no evidence.
        return new GpuLoad(breaker, System::nanoTime, GPU_READING_TTL);
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "orchestrator.overflow-queue-url", pattern = ".*\\S.*")
    OverflowQueueMonitor queueMonitor(SqsClient sqs, OrchestratorSettings settings, OrchestratorMetrics metrics) {
        OverflowQueueMonitor monitor = new OverflowQueueMonitor(sqs, settings.overflowQueueUrl(), Duration.ofSeconds(2), System::nanoTime);
        metrics.gauge(MetricNames.OVERFLOW_QUEUE_DEPTH, monitor::depth);
        return monitor;
    }

    @Singleton
    LoadTracker load(OrchestratorSettings settings, @Nullable OverflowQueueMonitor queue, GpuLoad gpu, OrchestratorMetrics metrics) {
        LoadTracker load = new LoadTracker(settings.capacity(), queue, gpu);
        metrics.gauge(MetricNames.TURNS_IN_FLIGHT, load::inFlight);
        metrics.gauge(MetricNames.TURN_CAPACITY_USED, () -> 100.0 * load.inFlight() / load.capacity());
        metrics.gauge(MetricNames.GPU_SATURATION, gpu::saturation);
        // 0 closed, 1 open, 2 half-open (BreakerState order).
        metrics.gauge(MetricNames.GPU_BREAKER_STATE, () -> gpu.breakerState().ordinal());
        return load;
    }
}
