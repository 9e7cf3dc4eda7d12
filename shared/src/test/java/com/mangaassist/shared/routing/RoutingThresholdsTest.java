package com.mangaassist.shared.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoutingThresholdsTest {

    private static final RoutingThresholds D = RoutingThresholds.defaults();

    @Test
    void toBuilder_whenNothingChanges_buildsAnEqualRecord() {
        assertThat(D.toBuilder().build()).isEqualTo(D);
    }

    @Test
    void toBuilder_whenOneMarkChanges_keepsEveryOther() {
        RoutingThresholds t = D.toBuilder().ttftSla(Duration.ofMillis(1500)).build();

        assertThat(t.ttftSla()).isEqualTo(Duration.ofMillis(1500));
        assertThat(t.toBuilder().ttftSla(D.ttftSla()).build()).isEqualTo(D);
    }

    @Test
    void builder_whenEveryComponentIsSet_equalsTheCanonicalConstructor() {
        RoutingThresholds built = RoutingThresholds.builder().taskHigh(1.0).taskLow(0.8).cpuHigh(0.80).cpuLow(0.65)
                .ttftSla(Duration.ofSeconds(2)).ttftRecovery(0.8).localQueueFactor(1.25).gpuHigh(0.90).gpuLow(0.75).gpuShed(1.10)
                .queueDepthHigh(500).queueDepthLow(250).queueAgeHigh(Duration.ofSeconds(10)).queueAgeLow(Duration.ofSeconds(5))
                .shedRetryAfter(Duration.ofSeconds(2)).degradedMaxOutput(256).build();

        assertThat(built).isEqualTo(new RoutingThresholds(1.0, 0.8, 0.80, 0.65, Duration.ofSeconds(2), 0.8, 1.25, 0.90, 0.75, 1.10, 500, 250,
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(2), 256));
    }

    @Test
    void build_runsTheRecordsOwnChecks() {
        assertThatThrownBy(() -> D.toBuilder().taskLow(1.5).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task low mark");
        assertThatThrownBy(() -> D.toBuilder().gpuShed(0.5).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpuShed");
        assertThatThrownBy(() -> RoutingThresholds.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ttftSla");
    }
}
