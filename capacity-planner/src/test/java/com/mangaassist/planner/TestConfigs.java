package com.mangaassist.planner;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PlannerConfig.GpuTierSettings;
import java.util.List;

/** The bundled defaults with the few changes a test needs, so each test states only what it is about. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static PlannerConfig small(long users, double seconds) {
        return withTraffic(PlannerConfig.defaults(), users, 0.3, seconds, List.of());
    }

    public static PlannerConfig withTraffic(PlannerConfig c, long users, double turnsPerUserPerHour, double seconds, List<PlannerConfig.Spike> spikes) {
        return c.withTraffic(c.traffic().withUsers(users).withRate(turnsPerUserPerHour, seconds, spikes));
    }

    public static GpuTierSettings tier(int maxNumSeqs, double prefillTokensPerSecond, double itlMs, double slowdown, boolean readiness,
                                       double oomProbability) {
        return PlannerConfig.defaults().gpu().small().toBuilder()
                .enabled(true)
                .maxNumSeqs(maxNumSeqs)
                .minInstances(2)
                .maxInstances(4)
                .instanceStartSeconds(120)
                .containerUpSeconds(45)
                .readinessGate(readiness)
                .coldPenaltyMs(3000)
                .prefillTokensPerSecond(prefillTokensPerSecond)
                .itlBaseMs(itlMs)
                .batchSlowdown(slowdown)
                .oomProbability(oomProbability)
                .oomPromptTokens(0)
                .metricPeriodSeconds(10)
                .scaleOutDatapoints(3)
                .scaleInDatapoints(90)
                .tensorParallelSize(1)
                .build();
    }
}
