package com.mangaassist.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.routing.RoutingThresholds;
import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingThresholdsFactoryTest {

    @Test
    void thresholds_whenNothingConfigured_areTheDefaults() {
        assertThat(thresholds(Map.of())).isEqualTo(RoutingThresholds.defaults());
    }

    @Test
    void thresholds_whenSlaAndMarksConfigured_useThemAndKeepTheRest() {
        RoutingThresholds t = thresholds(Map.of("orchestrator.routing.ttft-sla", "1500ms", "orchestrator.routing.gpu-high", "0.7",
                "orchestrator.routing.gpu-low", "0.5", "orchestrator.routing.queue-depth-high", "900"));

        assertThat(t.ttftSla()).isEqualTo(Duration.ofMillis(1500));
        assertThat(t.gpuHigh()).isEqualTo(0.7);
        assertThat(t.gpuLow()).isEqualTo(0.5);
        assertThat(t.queueDepthHigh()).isEqualTo(900);
        assertThat(t.taskHigh()).isEqualTo(RoutingThresholds.defaults().taskHigh());
    }

    @Test
    void thresholds_whenLowMarkAboveHighMark_refuseToStart() {
        assertThatThrownBy(() -> thresholds(Map.of("orchestrator.routing.task-low", "1.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task low mark");
    }

    private static RoutingThresholds thresholds(Map<String, Object> properties) {
        try (Environment env = new DefaultEnvironment(() -> List.of("test"))) {
            env.addPropertySource(PropertySource.of("test", properties));
            env.start();
            return new RoutingThresholdsFactory().thresholds(env);
        }
    }
}
