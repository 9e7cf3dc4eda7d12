package com.mangaassist.planner.experiments;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PlannerConfig.GpuTierSettings;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.report.Formats;
import com.mangaassist.planner.sim.RunResult;
import com.mangaassist.planner.sim.Simulation;
import com.mangaassist.planner.sim.SimulationListener;
import com.mangaassist.planner.traffic.TrafficGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seeds' cold-path story, reproduced: a chapter drop arrives at an endpoint that scaled to
 * zero, at one whose only instance is being replaced, with and without the readiness gate, and at
 * the platform's min 2. These deployments break the platform's rule (min 2), which is the point:
 * they are built here directly, never from a user's config, which refuses them.
 */
public final class ColdPathExperiment {

    /** Quiet, then the drop at 60 s. */
    static final double DROP_AT = 60;

    public record Scenario(String name, int minInstances, double startSeconds, boolean readinessGate, boolean failAtDrop) {
    }

    public record Row(Scenario scenario, RunResult result) {
    }

    public static List<Scenario> scenarios() {
        return List.of(
                new Scenario("scale to zero", 0, 120, true, false),
                new Scenario("scale to zero, start cut to the seeds' 22 s floor", 0, 22, true, false),
                new Scenario("min 1, its instance replaced at the drop", 1, 120, true, true),
                new Scenario("min 1, replaced at the drop, no readiness gate", 1, 120, false, true),
                new Scenario("min 2 + readiness (the platform), one replaced at the drop", 2, 120, true, true));
    }

    public static List<Row> run() {
        PlannerConfig base = PlannerConfig.defaults();
        List<Row> rows = new ArrayList<>();
        for (Scenario scenario : scenarios()) {
            PlannerConfig config = configFor(base, scenario);
            Simulation simulation = new Simulation(config, PriceTable.defaults(), SimulationListener.NONE, 0);
            if (scenario.failAtDrop()) {
                simulation.failGpuInstanceAt(DROP_AT);
            }
            rows.add(new Row(scenario, simulation.run(new TrafficGenerator(config.traffic()))));
        }
        return rows;
    }

    static PlannerConfig configFor(PlannerConfig base, Scenario s) {
        GpuTierSettings g = base.gpu().small();
        GpuTierSettings small = g.toBuilder()
                .enabled(true)
                .minInstances(s.minInstances())
                .maxInstances(8)
                .instanceStartSeconds(s.startSeconds())
                .containerUpSeconds(Math.min(g.containerUpSeconds(), s.startSeconds()))
                .readinessGate(s.readinessGate())
                .build();
        // Nothing for a minute (the endpoint has been idle), then a drop of 20 turns a second, then its tail.
        List<PlannerConfig.Phase> phases = List.of(new PlannerConfig.Phase("idle", DROP_AT, 0), new PlannerConfig.Phase("drop", 240, 20),
                new PlannerConfig.Phase("tail", 300, 5));
        // Users keep retrying for ten minutes, so a long wait shows as a wait, not as users gone.
        return base.withSmallTier(small).withTraffic(base.traffic().withPhases(phases, 600))
                .withClient(new PlannerConfig.ClientSettings(600, base.client().throttledRetrySeconds()));
    }

    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| scenario | min | instance start | readiness gate | first-hit exposure: traffic waiting, no warm "
                + "instance (longest stretch) | requests on a cold instance | TTFT p99 | SLA attainment |\n");
        md.append("|---|---:|---:|:---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            Scenario s = row.scenario();
            RunResult r = row.result();
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f s | %s | %.0f s | %s | %s | %s |%n", s.name(), s.minInstances(), s.startSeconds(),
                    s.readinessGate() ? "yes" : "no", r.longestNoWarmGpuSeconds(), Formats.count(r.total().coldHits),
                    Formats.millis(r.total().ttft.quantile(0.99)), Formats.percent(r.total().slaAttainment())));
        }
        return md.toString();
    }
}
