package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PlannerConfig.FargateSettings;
import com.mangaassist.shared.contract.ScalingTargets;
import com.mangaassist.shared.routing.RoutingThresholds;
import com.mangaassist.shared.routing.SpillMode;
import org.junit.jupiter.api.Test;

class FargateServiceTest {

    private final EventLoop loop = new EventLoop();

    @Test
    void healthCheckSeconds_isTheCdksIntervalTimesItsHealthyThreshold() {
        assertThat(FargateService.healthCheckSeconds()).isEqualTo(20.0);
        assertThat(FargateService.healthCheckSeconds())
                .isEqualTo(ScalingTargets.ORCHESTRATOR_HEALTH_CHECK_INTERVAL.toSeconds() * ScalingTargets.ORCHESTRATOR_HEALTHY_THRESHOLD);
    }

    @Test
    void tick_whenCapacityUsedStaysAboveTheCdksTarget_launchesTasksThatServeAfterStartAndHealthChecks() {
        // 4 tasks of capacity 10, start exactly 30 s; metric periods of 10 s, 3 datapoints to scale out.
        FargateSettings settings = new FargateSettings(2, 4, 10, 4, 50, 30, 30, 17.9, 6.4, 10, 3, 15);
        FargateService service = new FargateService(settings, RoutingThresholds.defaults(), SpillMode.HYBRID, loop, 1);
        // 14 of 10 turns in flight on each task: 140 % used, twice the 70 % target.
        for (int t = 0; t <= 30; t++) {
            loop.runUntil(t);
            forEachServing(service, 14);
            service.tick(t);
        }
        assertThat(service.billed()).isEqualTo(8);
        assertThat(service.servingCount()).isEqualTo(4);
        // Launched at 30 s: 30 s to start plus 20 s of health checks.
        for (int t = 31; t <= 80; t++) {
            loop.runUntil(t);
            service.tick(t);
            assertThat(service.servingCount()).as("at %d s", t).isEqualTo(t < 80 ? 4 : 8);
        }
        assertThat(ScalingTargets.ORCHESTRATOR_CAPACITY_TARGET_PERCENT).isEqualTo(70);
    }

    private static void forEachServing(FargateService service, int inFlight) {
        java.util.Set<OrchestratorTask> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < 1000 && seen.size() < service.servingCount(); i++) {
            OrchestratorTask task = service.pick();
            if (seen.add(task)) {
                task.inFlight = inFlight;
            }
        }
    }
}
