package com.mangaassist.orchestrator.config;

import com.mangaassist.shared.contract.InvalidSettingException;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.routing.RoutingThresholds;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The routing policy's water marks, from {@code orchestrator.routing.*} (in ECS the environment
 * variables {@code ORCHESTRATOR_ROUTING_TTFT_SLA}, {@code ORCHESTRATOR_ROUTING_TASK_HIGH}, …), bound
 * and checked once at start. Each component is the {@link RoutingThresholds} component of the same
 * name (kebab-case as a key: {@code taskHigh} is {@code task-high}) and defaults to its value in
 * {@link RoutingThresholds#defaults()} (RoutingSettingsTest holds the two together). A value out of
 * range, or a low mark above its high mark, stops the task naming the property, before
 * {@link RoutingThresholdsFactory} builds the thresholds.
 */
@ConfigurationProperties(SettingNames.ROUTING)
public record RoutingSettings(
        @Bindable(defaultValue = "1.0") double taskHigh,
        @Bindable(defaultValue = "0.8") double taskLow,
        @Bindable(defaultValue = "0.80") double cpuHigh,
        @Bindable(defaultValue = "0.65") double cpuLow,
        @Bindable(defaultValue = "2s") Duration ttftSla,
        @Bindable(defaultValue = "0.8") double ttftRecovery,
        @Bindable(defaultValue = "1.25") double localQueueFactor,
        @Bindable(defaultValue = "0.90") double gpuHigh,
        @Bindable(defaultValue = "0.75") double gpuLow,
        @Bindable(defaultValue = "1.10") double gpuShed,
        @Bindable(defaultValue = "500") long queueDepthHigh,
        @Bindable(defaultValue = "250") long queueDepthLow,
        @Bindable(defaultValue = "10s") Duration queueAgeHigh,
        @Bindable(defaultValue = "5s") Duration queueAgeLow,
        @Bindable(defaultValue = "2s") Duration shedRetryAfter,
        @Bindable(defaultValue = "256") int degradedMaxOutput) {

    public RoutingSettings {
        positive("task-high", taskHigh, "share of the task's turn capacity (1.0 = full)");
        band("task-low", taskLow, "task-high", taskHigh);
        positive("cpu-high", cpuHigh, "CPU share");
        band("cpu-low", cpuLow, "cpu-high", cpuHigh);
        positive("ttft-sla", ttftSla, "2s");
        if (!(ttftRecovery > 0 && ttftRecovery <= 1)) {
            throw new InvalidSettingException(key("ttft-recovery"), "is " + ttftRecovery
                    + ": it must be the share of ttft-sla the p99 must fall below to recover, within (0, 1]");
        }
        if (!(localQueueFactor >= taskHigh)) {
            throw new InvalidSettingException(key("local-queue-factor"), "is " + localQueueFactor
                    + ": it must be at least task-high (" + taskHigh + ")");
        }
        positive("gpu-high", gpuHigh, "endpoint saturation");
        band("gpu-low", gpuLow, "gpu-high", gpuHigh);
        if (!(gpuShed >= gpuHigh)) {
            throw new InvalidSettingException(key("gpu-shed"), "is " + gpuShed + ": it must be at least gpu-high (" + gpuHigh + ")");
        }
        if (queueDepthHigh < 1) {
            throw new InvalidSettingException(key("queue-depth-high"), "is " + queueDepthHigh + ": it must be at least 1 message");
        }
        if (queueDepthLow < 0 || queueDepthLow > queueDepthHigh) {
            throw new InvalidSettingException(key("queue-depth-low"), "is " + queueDepthLow
                    + ": it must be within [0, queue-depth-high (" + queueDepthHigh + ")]");
        }
        positive("queue-age-high", queueAgeHigh, "10s");
        if (queueAgeLow == null || queueAgeLow.isNegative() || queueAgeLow.compareTo(queueAgeHigh) > 0) {
            throw new InvalidSettingException(key("queue-age-low"), "is " + queueAgeLow
                    + ": it must be a duration within [0, queue-age-high (" + queueAgeHigh + ")]");
        }
        positive("shed-retry-after", shedRetryAfter, "2s");
        if (degradedMaxOutput < 1) {
            throw new InvalidSettingException(key("degraded-max-output"), "is " + degradedMaxOutput + ": it must be at least 1 token");
        }
    }

    private static String key(String name) {
        return SettingNames.ROUTING + "." + name;
    }

    private static void positive(String name, double value, String whatItIs) {
        if (!(value > 0)) {
            throw new InvalidSettingException(key(name), "is " + value + ": it must be a positive " + whatItIs);
        }
    }

    /** A low mark: entered again only below it, so it lies within [0, its high mark]. */
    private static void band(String name, double low, String highName, double high) {
        if (!(low >= 0 && low <= high)) {
            throw new InvalidSettingException(key(name), "is " + low + ": it must be within [0, " + highName + " (" + high + ")]");
        }
    }

    private static void positive(String name, Duration value, String example) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidSettingException(key(name), "is " + value + ": it must be a positive duration (e.g. " + example + ")");
        }
    }
}
