package com.mangaassist.planner.sim;

import com.mangaassist.planner.config.PlannerConfig.RetrievalSettings;
import com.mangaassist.planner.traffic.LogNormal;
import java.util.SplittableRandom;

/**
 * A turn's grounding as both compute paths run it before the GPU call (ADR 0030,
 * {@code TurnGrounding}): the query's in-process embedding and the knowledge search take a
 * log-normal time through the measured median and 99th percentile, and the turn waits for it at
 * most the deadline; past the deadline it goes on without context, ungrounded. On an orchestrator
 * task the embedding's share of that time stretches on a busy CPU, as the task's own overhead does;
 * the search itself is the domain's time, which the planner does not load (the domain is sized, not
 * scaled).
 */
final class Retrieval {

    /** What one turn's retrieval did: how long the turn waited for it, and whether its context came back in time. */
    record Outcome(double waitedMillis, boolean grounded) {
    }

    private final RetrievalSettings settings;
    private final LogNormal latency;
    private final SplittableRandom random;

    Retrieval(RetrievalSettings settings, long seed) {
        this.settings = settings;
        this.latency = LogNormal.throughMedianAndP99(settings.latencyP50Ms(), settings.latencyP99Ms());
        this.random = new SplittableRandom(seed);
    }

    /**
     * @param cpuSlowdown how much slower the embedding runs than when it was measured: {@code 1 / (1 - utilization)} on a task, 1 in
     *                    a function (whose per-message cost does not grow with contention either)
     */
    Outcome draw(double cpuSlowdown) {
        double millis = latency.sample(random) + settings.embedCpuMs() * (cpuSlowdown - 1);
        return millis > settings.deadlineMs() ? new Outcome(settings.deadlineMs(), false) : new Outcome(millis, true);
    }

    /** The embedding's CPU on the task that runs the turn. */
    double embedCpuMs() {
        return settings.embedCpuMs();
    }
}
