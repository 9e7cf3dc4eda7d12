package com.mangaassist.orchestrator.metrics;

import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.runtime.DaemonThreads;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus text at {@code /metrics} always (the local stack and benches read it); where a
 * deployment is named ({@code metrics.deployment}, set by the CDK app) also CloudWatch embedded
 * metric format on stdout every {@code metrics.step}, which is what the alarms, the dashboard and
 * the service's scaling read.
 */
@Factory
class MetricsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsFactory.class);
    /** Turns per task per step whose first-token (and retrieval) times are published whole; beyond it, a uniform sample. */
    private static final int TTFT_SAMPLES_PER_STEP = 1000;

    @Singleton
    PrometheusMeterRegistry prometheus() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Singleton
    LatencySamples latencySamples() {
        return LatencySamples.keeping(TTFT_SAMPLES_PER_STEP);
    }

    @Singleton
    OrchestratorMetrics metrics(PrometheusMeterRegistry prometheus, LatencySamples samples) {
        return new OrchestratorMetrics(prometheus, samples);
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = SettingNames.METRICS_DEPLOYMENT, pattern = ".*\\S.*")
    EmfSchedule emf(PrometheusMeterRegistry prometheus, LatencySamples samples, @Value("${" + SettingNames.METRICS_DEPLOYMENT + "}") String deployment,
                    @Value("${" + SettingNames.METRICS_STEP + ":60s}") Duration step) {
        EmfPublisher publisher = new EmfPublisher(prometheus, samples, deployment.strip(), System.out::println, System::currentTimeMillis);
        LOG.info("event=emf_metrics_enabled deployment={} step_s={}", deployment.strip(), step.toSeconds());
        return new EmfSchedule(publisher, step);
    }

    /** Publishes every step, and once more on shutdown so the last step's turns are not lost. */
    static final class EmfSchedule implements AutoCloseable {
        private final EmfPublisher publisher;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("emf-metrics"));

        EmfSchedule(EmfPublisher publisher, Duration step) {
            this.publisher = publisher;
            timer.scheduleAtFixedRate(this::publish, step.toMillis(), step.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void publish() {
            try {
                publisher.publish();
            } catch (RuntimeException e) {
                LOG.warn("event=emf_publish_failed detail=\"{}\"", e.toString());
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
            publish();
        }
    }
}
