package com.mangaassist.orchestrator.metrics;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * Prometheus text at {@code /metrics} always (the local stack and benches read it); in AWS also
 * the CloudWatch registry under the {@code MangaAssist/Orchestrator} namespace, where the alarms
 * and autoscaling look.
 */
@Factory
class MetricsFactory {

    @Singleton
    PrometheusMeterRegistry prometheus() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Singleton
    OrchestratorMetrics metrics(PrometheusMeterRegistry prometheus, @Value("${metrics.cloudwatch.enabled:false}") boolean cloudWatch,
                                @Value("${metrics.cloudwatch.namespace:MangaAssist/Orchestrator}") String namespace,
                                @Value("${metrics.cloudwatch.step:60s}") Duration step) {
        CompositeMeterRegistry registry = new CompositeMeterRegistry();
        registry.add(prometheus);
        if (cloudWatch) {
            registry.add(new CloudWatchMeterRegistry(new CloudWatchConfig() {
                @Override
                public String get(String key) {
                    return null;
                }

                @Override
                public String namespace() {
                    return namespace;
                }

                @Override
                public Duration step() {
                    return step;
                }
            }, Clock.SYSTEM, CloudWatchAsyncClient.create()));
        }
        return new OrchestratorMetrics(registry);
    }
}
