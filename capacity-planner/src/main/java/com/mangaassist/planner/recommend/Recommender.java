package com.mangaassist.planner.recommend;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.sim.RunResult;
import com.mangaassist.planner.sim.Simulation;
import com.mangaassist.planner.sim.SimulationListener;
import com.mangaassist.planner.traffic.TurnSource;
import com.mangaassist.shared.contract.ScalingTargets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Searches for the cheapest deployment that meets the SLA on the trace, by simulating each
 * candidate in full over the same traffic. It starts from the most generous deployment (all of
 * the ECS ceiling's tasks warm, the widest Lambda cap, the GPU ceiling) and, if even that misses,
 * says so. Then coordinate descent over monotone knobs: first the
 * fewest warm GPU instances (what a chapter drop needs before SageMaker's two-minute starts
 * catch up), then the lowest GPU ceiling, Lambda cap and minimum tasks that still meet it (each a
 * binary search, since more of any of them never hurts the SLA), then the turn capacity per task
 * (not monotone in cost: tried in full), and the GPU floor once more in the final neighbourhood.
 * Every candidate is kept for the cost-against-attainment chart.
 */
public final class Recommender {

    /** Turn capacities tried per task (the spill threshold), around the CDK's 64 per vCPU. */
    static final int[] TURN_CAPACITIES = {32, 64, 96, 128, 192, 256};
    static final int[] LAMBDA_CAPS = {2, 5, 10, 20, 50, 100, 200, 300, 500, 750, 1000};

    private final PlannerConfig base;
    private final PriceTable prices;
    private final Supplier<TurnSource> traffic;
    private final Sla sla;
    private final int gpuCeiling;
    private final Consumer<Candidate> onCandidate;
    private final Map<Deployment, Evaluated> evaluated = new HashMap<>();
    private final List<Candidate> candidates = new ArrayList<>();

    public Recommender(PlannerConfig base, PriceTable prices, Supplier<TurnSource> traffic, Sla sla, int gpuCeiling, Consumer<Candidate> onCandidate) {
        this.base = base;
        this.prices = prices;
        this.traffic = traffic;
        this.sla = sla;
        this.gpuCeiling = Math.max(ScalingTargets.MIN_GPU_INSTANCES, gpuCeiling);
        this.onCandidate = onCandidate;
    }

    /** The result: the chosen deployment (absent when none met the SLA) and every candidate simulated. */
    public record Recommendation(Candidate chosen, RunResult chosenRun, List<Candidate> candidates, Sla sla) {
    }

    public Recommendation search() {
        // The most generous start: every task of the ECS ceiling warm, the widest Lambda cap, autoscaled GPUs.
        Deployment configured = Deployment.of(base);
        Deployment start = configured.withMinTasks(configured.maxTasks()).withLambdaCap(LAMBDA_CAPS[LAMBDA_CAPS.length - 1])
                .withGpuMax(gpuCeiling).withGpuMin(ScalingTargets.MIN_GPU_INSTANCES);
        Deployment current = start;
        if (!feasible(current)) {
            // Autoscaling alone is too slow for this traffic: find the warm floor that carries the drop.
            Deployment top = current.withGpuMin(gpuCeiling);
            if (!feasible(top)) {
                return finish(null);
            }
            current = current.withGpuMin(smallest(ScalingTargets.MIN_GPU_INSTANCES, gpuCeiling, current::withGpuMin));
        }
        Deployment d = current;
        current = d.withGpuMax(smallest(d.gpuMin(), gpuCeiling, d::withGpuMax));
        d = current;
        // An unused Lambda cap costs nothing; it bounds what a runaway spill can do downstream. The
        // smallest that met the SLA on this trace, doubled, so that a slightly larger drop still fits.
        int lambdaCap = Math.min(LAMBDA_CAPS[LAMBDA_CAPS.length - 1], 2 * LAMBDA_CAPS[smallestIndex(LAMBDA_CAPS, d::withLambdaCap)]);
        current = feasible(d.withLambdaCap(lambdaCap)) ? d.withLambdaCap(lambdaCap) : d;
        d = current;
        current = d.withMinTasks(smallest(1, d.maxTasks(), d::withMinTasks));
        Deployment best = current;
        for (int capacity : TURN_CAPACITIES) {
            Deployment option = current.withTurnCapacity(capacity);
            if (feasible(option) && cost(option) < cost(best)) {
                best = option;
            }
        }
        // Fewer tasks or a different capacity can change what the GPU floor must carry: once more.
        Deployment settled = best;
        Deployment refined = settled.withGpuMin(smallest(ScalingTargets.MIN_GPU_INSTANCES, settled.gpuMin(), settled::withGpuMin));
        if (feasible(refined) && cost(refined) < cost(best)) {
            best = refined;
        }
        return finish(best);
    }

    private Recommendation finish(Deployment chosen) {
        if (chosen == null) {
            return new Recommendation(null, null, List.copyOf(candidates), sla);
        }
        Evaluated e = evaluated.get(chosen);
        return new Recommendation(e.candidate, e.result, List.copyOf(candidates), sla);
    }

    /** The smallest value in [low, high] for which the deployment is feasible, given that high is. */
    private int smallest(int low, int high, IntFunction<Deployment> at) {
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (feasible(at.apply(mid))) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return high;
    }

    private int smallestIndex(int[] values, IntFunction<Deployment> at) {
        int low = 0;
        int high = values.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (feasible(at.apply(values[mid]))) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return high;
    }

    private boolean feasible(Deployment deployment) {
        return evaluate(deployment).candidate.feasible();
    }

    private double cost(Deployment deployment) {
        return evaluate(deployment).candidate.costPerHour();
    }

    private Evaluated evaluate(Deployment deployment) {
        Evaluated known = evaluated.get(deployment);
        if (known != null) {
            return known;
        }
        PlannerConfig config = deployment.applyTo(base);
        RunResult result = new Simulation(config, prices, SimulationListener.NONE).run(traffic.get());
        Candidate candidate = Candidate.of(candidates.size() + 1, deployment, result, sla);
        // Keep only the chosen one's full result in the end; the others' reports are summaries.
        Evaluated e = new Evaluated(candidate, result);
        evaluated.put(deployment, e);
        candidates.add(candidate);
        onCandidate.accept(candidate);
        return e;
    }

    private record Evaluated(Candidate candidate, RunResult result) {
    }
}
