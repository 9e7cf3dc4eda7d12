package com.mangaassist.planner.experiments;

import com.mangaassist.planner.config.PlannerConfig;
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
 * Conversation affinity at a million users (ADR 0040): the default hour (the 10× chapter drop) on
 * the prod preset, without and with each conversation's stateful session. The planner's prefix
 * cache: an instance that served a conversation's previous prompt skips the prefill of what the
 * two prompts share (system prompt and history before the last exchange, whole 16-token blocks);
 * a session sends the turn there unless that instance is at 90 % of its batch. What it saves is
 * prefill time on the GPU, so the comparison is GPU capacity: attainment, TTFT and the cost of a
 * thousand turns on the same fleet bounds.
 */
public final class AffinityExperiment {

    /** One arm: the run, the share of prompt tokens found cached, and the tokens prefilled per answered turn. */
    public record Row(boolean affinity, RunResult result, double hitRate, double prefilledPerTurn) {
    }

    public static List<Row> run(PlannerConfig base) {
        List<Row> rows = new ArrayList<>();
        for (boolean affinity : new boolean[] {false, true}) {
            PlannerConfig config = base.withRouting(base.routing().withAffinity(affinity));
            Simulation simulation = new Simulation(config, PriceTable.defaults(), SimulationListener.NONE);
            RunResult result = simulation.run(new TrafficGenerator(config.traffic()));
            long answered = Math.max(1, result.total().answered);
            rows.add(new Row(affinity, result, simulation.prefixCacheHitRate(), simulation.prefilledTokens() / (double) answered));
        }
        return rows;
    }

    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| conversations | prefix-cache hit rate | prompt tokens prefilled per turn | TTFT p50 | TTFT p99 "
                + "| SLA attainment | shed at least once | per hour | per 1,000 turns |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            RunResult r = row.result();
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s |%n",
                    row.affinity() ? "with a stateful session each (deployed)" : "routed by least outstanding requests",
                    Formats.percent(row.hitRate()), row.prefilledPerTurn(), Formats.millis(r.total().ttft.quantile(0.5)),
                    Formats.millis(r.total().ttft.quantile(0.99)), Formats.percent(r.total().slaAttainment()),
                    Formats.percent(r.total().shedFraction()), Formats.money(r.costPerHour(), r.prices().currency()),
                    Formats.money(r.costPerThousandTurns(), r.prices().currency())));
        }
        return md.toString();
    }

    private AffinityExperiment() {
    }
}
