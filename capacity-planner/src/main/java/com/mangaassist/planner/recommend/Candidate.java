package com.mangaassist.planner.recommend;

import com.mangaassist.planner.sim.RunResult;

/** One evaluated deployment, reduced to what the search compares. */
public record Candidate(int order, Deployment deployment, double attainment, double ttftP99, double costPerHour, double costPerThousand,
                        long coldExposure, long unfinished, double shedFraction, double spillFraction, boolean feasible) {

    static Candidate of(int order, Deployment deployment, RunResult result, Sla sla) {
        double attainment = result.total().slaAttainment();
        boolean feasible = attainment >= sla.attainment() && result.coldExposure() == 0 && result.unfinished() == 0;
        return new Candidate(order, deployment, attainment, result.total().ttft.quantile(0.99), result.costPerHour(), result.costPerThousandTurns(),
                result.coldExposure(), result.unfinished(), result.total().shedFraction(), result.total().spillFraction(), feasible);
    }
}
