package com.mangaassist.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.contract.InvalidSettingException;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.routing.RoutingThresholds;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The routing water marks as Micronaut binds them from {@code orchestrator.routing.*}, and what they refuse. */
class RoutingSettingsTest {

    private static final RoutingThresholds D = RoutingThresholds.defaults();

    private static RoutingSettings bound(Map<String, Object> properties) {
        // Without the graceful shutdown, closing the context does not reach for the drain and the whole turn pipeline.
        try (ApplicationContext context = ApplicationContext.builder().properties(properties)
                .properties(Map.of("micronaut.lifecycle.graceful-shutdown.enabled", false)).deduceEnvironment(false).start()) {
            return context.getBean(RoutingSettings.class);
        }
    }

    @Test
    void bind_whenNothingIsSet_givesTheDefaultsOfRoutingThresholds() {
        RoutingSettings s = bound(Map.of());

        assertThat(s).as("every @Bindable default is RoutingThresholds.defaults()'s").isEqualTo(new RoutingSettings(D.taskHigh(), D.taskLow(),
                D.cpuHigh(), D.cpuLow(), D.ttftSla(), D.ttftRecovery(), D.localQueueFactor(), D.gpuHigh(), D.gpuLow(), D.gpuShed(),
                D.queueDepthHigh(), D.queueDepthLow(), D.queueAgeHigh(), D.queueAgeLow(), D.shedRetryAfter(), D.degradedMaxOutput()));
    }

    @Test
    void bind_whenPropertiesAreSet_takesThemByTheirKebabCaseKeys() {
        RoutingSettings s = bound(Map.ofEntries(Map.entry("orchestrator.routing.task-high", "0.9"), Map.entry("orchestrator.routing.task-low", "0.7"),
                Map.entry("orchestrator.routing.cpu-high", "0.7"), Map.entry("orchestrator.routing.cpu-low", "0.5"),
                Map.entry("orchestrator.routing.ttft-sla", "1500ms"), Map.entry("orchestrator.routing.ttft-recovery", "0.5"),
                Map.entry("orchestrator.routing.local-queue-factor", "2"), Map.entry("orchestrator.routing.gpu-high", "0.7"),
                Map.entry("orchestrator.routing.gpu-low", "0.5"), Map.entry("orchestrator.routing.gpu-shed", "1.5"),
                Map.entry("orchestrator.routing.queue-depth-high", "900"), Map.entry("orchestrator.routing.queue-depth-low", "100"),
                Map.entry("orchestrator.routing.queue-age-high", "30s"), Map.entry("orchestrator.routing.queue-age-low", "1s"),
                Map.entry("orchestrator.routing.shed-retry-after", "5s"), Map.entry("orchestrator.routing.degraded-max-output", "128")));

        assertThat(s).isEqualTo(new RoutingSettings(0.9, 0.7, 0.7, 0.5, Duration.ofMillis(1500), 0.5, 2, 0.7, 0.5, 1.5, 900, 100,
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5), 128));
    }

    @Test
    void bind_whenOneIsSet_keepsTheOthersDefaults() {
        RoutingSettings s = bound(Map.of("orchestrator.routing.ttft-sla", "3s"));

        assertThat(s.ttftSla()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.taskHigh()).isEqualTo(D.taskHigh());
        assertThat(s.queueAgeHigh()).isEqualTo(D.queueAgeHigh());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "task-high, 0", "task-low, -0.1", "task-low, 1.5", "cpu-high, 0", "cpu-low, 0.9", "ttft-sla, 0s", "ttft-recovery, 0",
            "ttft-recovery, 1.5", "local-queue-factor, 0.5", "gpu-high, -1", "gpu-low, 0.95", "gpu-shed, 0.8", "queue-depth-high, 0",
            "queue-depth-low, 501", "queue-age-high, 0s", "queue-age-low, 11s", "shed-retry-after, 0s", "degraded-max-output, 0"})
    void bind_whenAValueIsOutOfRange_refusesNamingTheProperty(String name, String value) {
        String key = "orchestrator.routing." + name;

        assertThatThrownBy(() -> bound(Map.of(key, value))).hasStackTraceContaining(InvalidSettingException.class.getName())
                .hasStackTraceContaining(SettingNames.environmentVariable(key) + " (" + key + ") is ");
    }

    /** Micronaut alone would bind an unconvertible value to the default (micronaut-core#4762); SettingConversions refuses it. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"gpu-high, high", "queue-depth-high, 5OO", "ttft-sla, two seconds"})
    void start_whenAValueDoesNotConvert_refusesNamingThePropertyInsteadOfUsingTheDefault(String name, String value) {
        String key = "orchestrator.routing." + name;

        assertThatThrownBy(() -> bound(Map.of(key, value))).hasStackTraceContaining(InvalidSettingException.class.getName())
                .hasStackTraceContaining(SettingNames.environmentVariable(key) + " (" + key + ") is '" + value + "': it must be ");
    }

    @Test
    void construct_whenALowMarkIsAboveItsHighMark_saysWhichAndWhy() {
        assertThatThrownBy(() -> new RoutingSettings(1.0, 1.5, 0.80, 0.65, Duration.ofSeconds(2), 0.8, 1.25, 0.90, 0.75, 1.10, 500, 250,
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(2), 256)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("ORCHESTRATOR_ROUTING_TASK_LOW (orchestrator.routing.task-low) is 1.5: it must be within [0, task-high (1.0)]");
    }
}
