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
        GpuTierSettings g = PlannerConfig.defaults().gpu().small();
        return new GpuTierSettings(true, g.instanceType(), g.gpu(), g.model(), g.weightFormat(), maxNumSeqs, 2, 4, 120, 45, readiness, 3000,
                prefillTokensPerSecond, itlMs, slowdown, oomProbability, 0, 10, 3, 90, 1);
    }
}
