package com.mangaassist.gpu.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.testing.MutableClock;
import com.mangaassist.shared.capacity.CapacityInputs;
import com.mangaassist.shared.capacity.GpuSpec;
import com.mangaassist.shared.capacity.ModelSpec;
import com.mangaassist.shared.capacity.WeightFormat;
import com.mangaassist.gpu.engine.simulated.SimulatedGpuConfig;
import com.mangaassist.gpu.engine.simulated.SimulatedGpuEngine;
import com.mangaassist.gpu.lifecycle.EndpointLifecycle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineHealthProbeTest {

    private final MutableClock clock = new MutableClock();
    private final EndpointLifecycle lifecycle = new EndpointLifecycle();
    private final ErrorRateWindow errors = new ErrorRateWindow(clock, Duration.ofSeconds(10), 4, 0.5);
    private final AtomicLong tokens = new AtomicLong();
    private SimulatedGpuEngine engine;
    private EngineHealthProbe probe;

    @BeforeEach
    void setUp() throws Exception {
        engine = new SimulatedGpuEngine(SimulatedGpuConfig.instant(CapacityInputs.of(GpuSpec.A10G_24GB, ModelSpec.LLAMA_3_8B,
                WeightFormat.AWQ_INT4), 8, 4096), Set.of());
        engine.load();
        lifecycle.warming(0);
        lifecycle.ready();
        probe = new EngineHealthProbe(engine, lifecycle, errors, tokens::get, Duration.ofHours(1), Duration.ofMillis(100), 2);
    }

    @AfterEach
    void tearDown() {
        engine.faults().set(SimulatedGpuEngine.Faults.Mode.NONE);
        probe.close();
    }

    @Test
    void tick_whenEngineAnswers_staysReady() {
        probe.tick();

        assertThat(lifecycle.trafficReady()).isTrue();
    }

    @Test
    void tick_whenEngineHangs_flipsUnreadyAfterThresholdAndRecovers() {
        engine.faults().set(SimulatedGpuEngine.Faults.Mode.HANG);

        probe.tick();
        assertThat(lifecycle.trafficReady()).as("one failure is below the threshold").isTrue();
        probe.tick();
        assertThat(lifecycle.trafficReady()).isFalse();
        assertThat(lifecycle.ping().reasons()).anyMatch(r -> r.contains("health probe"));

        engine.faults().set(SimulatedGpuEngine.Faults.Mode.NONE);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            probe.tick();
            assertThat(lifecycle.trafficReady()).isTrue();
        });
    }

    @Test
    void tick_whenEngineDead_flipsUnready() {
        engine.faults().set(SimulatedGpuEngine.Faults.Mode.DEAD);

        probe.tick();
        probe.tick();

        assertThat(lifecycle.ping().reasons()).anyMatch(r -> r.contains("engine failed its health probe"));
    }

    @Test
    void tick_whenProbeStuckButEngineStillProducesTokens_staysReady() {
        engine.faults().set(SimulatedGpuEngine.Faults.Mode.HANG);
        probe.tick();
        for (int i = 0; i < 3; i++) {
            tokens.addAndGet(50); // busy, not hung: other requests are generating
            probe.tick();
        }

        assertThat(lifecycle.trafficReady()).isTrue();
    }

    @Test
    void errorRate_flipsUnreadyAndRecoversAsFailuresAgeOut() {
        for (int i = 0; i < 4; i++) {
            errors.record(false);
        }
        probe.tick();
        assertThat(lifecycle.trafficReady()).isFalse();

        clock.advance(Duration.ofSeconds(11));
        probe.tick();
        assertThat(lifecycle.trafficReady()).isTrue();
    }
}
