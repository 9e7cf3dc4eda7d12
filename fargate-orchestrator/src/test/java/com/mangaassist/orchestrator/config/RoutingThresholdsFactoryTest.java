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

/** The {@link RoutingThresholds} bean the routing policy gets, from {@code orchestrator.routing.*}. */
class RoutingThresholdsFactoryTest {

    private static final String PREFIX = SettingNames.ROUTING + ".";

    @Test
    void thresholds_whenNothingConfigured_areTheDefaults() {
        assertThat(thresholds(Map.of())).isEqualTo(RoutingThresholds.defaults());
    }

    @Test
    void thresholds_whenSlaAndMarksConfigured_useThemAndKeepTheRest() {
        RoutingThresholds t = thresholds(Map.of(SettingNames.TTFT_SLA, "1500ms", PREFIX + "gpu-high", "0.7",
                PREFIX + "gpu-low", "0.5", PREFIX + "queue-depth-high", "900"));

        assertThat(t).isEqualTo(RoutingThresholds.defaults().toBuilder().ttftSla(Duration.ofMillis(1500)).gpuHigh(0.7).gpuLow(0.5)
                .queueDepthHigh(900).build());
    }

    @Test
    void thresholds_whenLowMarkAboveHighMark_refuseToStartNamingTheProperty() {
        assertThatThrownBy(() -> thresholds(Map.of(PREFIX + "task-low", "1.5")))
                .hasStackTraceContaining(InvalidSettingException.class.getName())
                .hasStackTraceContaining("(orchestrator.routing.task-low) is 1.5");
    }

    @Test
    void thresholds_takeEachComponentFromTheSettingOfTheSameName() {
        RoutingSettings settings = new RoutingSettings(0.95, 0.7, 0.85, 0.6, Duration.ofMillis(1800), 0.75, 1.5, 0.8, 0.65, 1.2, 700, 300,
                Duration.ofSeconds(20), Duration.ofSeconds(4), Duration.ofSeconds(3), 200);

        assertThat(new RoutingThresholdsFactory().thresholds(settings)).isEqualTo(new RoutingThresholds(0.95, 0.7, 0.85, 0.6,
                Duration.ofMillis(1800), 0.75, 1.5, 0.8, 0.65, 1.2, 700, 300, Duration.ofSeconds(20), Duration.ofSeconds(4),
                Duration.ofSeconds(3), 200));
    }

    private static RoutingThresholds thresholds(Map<String, Object> properties) {
        // Without the graceful shutdown, closing the context does not reach for the drain and the whole turn pipeline.
        try (ApplicationContext context = ApplicationContext.builder().properties(properties)
                .properties(Map.of("micronaut.lifecycle.graceful-shutdown.enabled", false)).deduceEnvironment(false).start()) {
            return context.getBean(RoutingThresholds.class);
        }
    }
}
