package com.mangaassist.orchestrator.config;

import com.mangaassist.shared.routing.RoutingThresholds;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The routing policy's water marks from {@code orchestrator.routing.*}; every key falls back to
 * {@link RoutingThresholds#defaults()}. A deployment sets its first-token SLA ({@code ttft-sla})
 * and, rarely, the marks; the record's own checks refuse an inconsistent set at startup.
 */
@Factory
class RoutingThresholdsFactory {

    static final String PREFIX = "orchestrator.routing.";

    @Singleton
    RoutingThresholds thresholds(Environment env) {
        RoutingThresholds d = RoutingThresholds.defaults();
        return new RoutingThresholds(
                number(env, "task-high", d.taskHigh()),
                number(env, "task-low", d.taskLow()),
                number(env, "cpu-high", d.cpuHigh()),
                number(env, "cpu-low", d.cpuLow()),
                duration(env, "ttft-sla", d.ttftSla()),
                number(env, "ttft-recovery", d.ttftRecovery()),
                number(env, "local-queue-factor", d.localQueueFactor()),
                number(env, "gpu-high", d.gpuHigh()),
                number(env, "gpu-low", d.gpuLow()),
                number(env, "gpu-shed", d.gpuShed()),
                env.getProperty(PREFIX + "queue-depth-high", Long.class).orElse(d.queueDepthHigh()),
                env.getProperty(PREFIX + "queue-depth-low", Long.class).orElse(d.queueDepthLow()),
                duration(env, "queue-age-high", d.queueAgeHigh()),
                duration(env, "queue-age-low", d.queueAgeLow()),
                duration(env, "shed-retry-after", d.shedRetryAfter()),
                env.getProperty(PREFIX + "degraded-max-output", Integer.class).orElse(d.degradedMaxOutput()));
    }

    private static double number(Environment env, String key, double fallback) {
        return env.getProperty(PREFIX + key, Double.class).orElse(fallback);
    }

    private static Duration duration(Environment env, String key, Duration fallback) {
        return env.getProperty(PREFIX + key, Duration.class).orElse(fallback);
    }
}
