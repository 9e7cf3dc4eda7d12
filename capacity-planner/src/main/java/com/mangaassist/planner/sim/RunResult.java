package com.mangaassist.planner.sim;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run found.
 *
 * @param minutes            one row per simulated minute of offered load
 * @param total              the whole run as one row
 * @param decisions          routing decisions by {@code route / reason}, busy retries included
 * @param costByService      what each service cost over the run
 * @param simulatedSeconds   from the first turn to the last answer
 * @param unfinished         turns still running when the run's drain limit passed (reported, not hidden)
 * @param waitedForGpu       requests that found no GPU instance taking traffic and waited for one
 * @param longestGpuWaitSeconds the longest such wait: the first-hit exposure of a cold path
 * @param peakConversations  the most conversations held at once (memory follows this, not users)
 * @param noWarmGpuSeconds   seconds in which turns waited and no warm GPU instance served (the small tier)
 * @param longestNoWarmGpuSeconds the longest such stretch: the cold path's first-hit exposure
 * @param quota              what the per-principal token budgets did ({@link QuotaOutcome#NONE} without any)
 */
public record RunResult(PlannerConfig config, PriceTable prices, List<MinuteStats> minutes, MinuteStats total,
                        Map<String, Long> decisions, Map<String, Double> costByService, double simulatedSeconds, long events,
                        double wallSeconds, long unfinished, long waitedForGpu, double longestGpuWaitSeconds, long gpuErrors,
                        long breakerTrips, long reducedContext, long lambdaColdStarts, long lambdaInvocations,
                        long tasksLaunched, long gpuLaunched, int peakConversations, int peakAgenda,
                        double noWarmGpuSeconds, double longestNoWarmGpuSeconds, QuotaOutcome quota) {

    public RunResult {
        minutes = List.copyOf(minutes);
        // Sorted: a report lists them in the same order on every run of the same seed (Map.copyOf's order is per JVM).
        decisions = Collections.unmodifiableMap(new TreeMap<>(decisions));
        costByService = Collections.unmodifiableMap(new TreeMap<>(costByService));
    }

    public double totalCost() {
        return costByService.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Per 1,000 admitted turns: those refused by quota cost next to nothing, and would flatter the figure. */
    public double costPerThousandTurns() {
        return total.admitted() == 0 ? 0 : totalCost() / total.admitted() * 1000;
    }

    public double costPerHour() {
        return simulatedSeconds <= 0 ? 0 : totalCost() / simulatedSeconds * 3600;
    }

    /** Requests that met a cold instance, or waited for one: 0 is the platform's promise with min 2 and readiness. */
    public long coldExposure() {
        return total.coldHits + waitedForGpu;
    }
}
