package com.mangaassist.planner.experiments;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.report.Formats;
import com.mangaassist.planner.sim.MinuteStats;
import com.mangaassist.planner.sim.RunResult;
import com.mangaassist.planner.sim.Simulation;
import com.mangaassist.planner.sim.SimulationListener;
import com.mangaassist.planner.sim.VariantCountOnUpdate;
import com.mangaassist.planner.traffic.TrafficGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A release deployed at peak, on the prod preset: the fleet has scaled out to the load when the
 * endpoint update starts, and stays blocked from scaling until the update ends (green fleet start,
 * the canary's bake, the blue fleet's termination wait). With the variant's count retained (what
 * the CDK app deploys) the green fleet takes over at the size the blue one had; with the new
 * configuration's initial count (before issue 25) it takes over with the minimum, and nothing can
 * scale it back until the update ends.
 */
public final class ReleaseAtPeakExperiment {

    /** The release reaches the endpoint ten minutes into the measured peak (the pre-roll has settled the fleet before that). */
    static final double RELEASE_AT = 600;
    static final double PEAK_SECONDS = 3000;
    /** Enough to hold the prod preset's fleet well above its minimum of 2 and below its ceiling of 20. */
    static final double PEAK_TURNS_PER_SECOND = 45;
    static final int PEAK_MINUTES = (int) (PEAK_SECONDS / 60);

    /**
     * @param servingBefore           GPU instances taking traffic in the minute before the release (its low)
     * @param fewestServingAfterwards the fewest taking traffic at any second from the release to the peak's end
     * @param slaAttainmentAfterwards SLA attainment of the turns offered from the release's minute on
     */
    public record Row(VariantCountOnUpdate count, RunResult result, int servingBefore, int fewestServingAfterwards,
                      double slaAttainmentAfterwards) {
    }

    public static List<Row> run() {
        PlannerConfig config = configFor(PlannerConfig.defaults());
        List<Row> rows = new ArrayList<>();
        for (VariantCountOnUpdate count : VariantCountOnUpdate.values()) {
            RunResult result = new Simulation(config, PriceTable.defaults(), SimulationListener.NONE)
                    .releaseGpuEndpointAt(RELEASE_AT, count).run(new TrafficGenerator(config.traffic()));
            rows.add(row(count, result));
        }
        return rows;
    }

    /**
     * The small tier alone, turns placed by least outstanding requests: the release updates the small tier's endpoint, and
     * neither the large tier's fleet nor sessions pinning conversations to instances (ADR 0040) bear on what it retains.
     */
    static PlannerConfig configFor(PlannerConfig base) {
        base = base.withoutLargeTier();
        base = base.withRouting(base.routing().withAffinity(false));
        return base.withTraffic(base.traffic().withPhases(List.of(new PlannerConfig.Phase("peak", PEAK_SECONDS, PEAK_TURNS_PER_SECOND)),
                PEAK_SECONDS));
    }

    private static Row row(VariantCountOnUpdate count, RunResult result) {
        int releaseMinute = (int) (RELEASE_AT / 60);
        int before = Integer.MAX_VALUE;
        int fewest = Integer.MAX_VALUE;
        MinuteStats afterwards = new MinuteStats(releaseMinute);
        for (MinuteStats minute : result.minutes()) {
            if (minute.minute == releaseMinute - 1) {
                before = minute.lowGpu;
            }
            // Within the peak only: once its traffic ends the fleet scales in, as it should, and that is no dip.
            if (minute.minute >= releaseMinute && minute.minute < PEAK_MINUTES) {
                fewest = Math.min(fewest, minute.lowGpu);
                afterwards.add(minute);
            }
        }
        return new Row(count, result, before, fewest, afterwards.slaAttainment());
    }

    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| the update gives the green fleet | GPU instances serving before the release | fewest serving "
                + "afterwards | TTFT p99 | SLA attainment from the release on | turns shed at least once |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            RunResult r = row.result();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |%n",
                    row.count() == VariantCountOnUpdate.RETAINED ? "the variant's current count (RetainAllVariantProperties, deployed)"
                            : "the configuration's InitialInstanceCount (before issue 25)",
                    row.servingBefore(), row.fewestServingAfterwards(), Formats.millis(r.total().ttft.quantile(0.99)),
                    Formats.percent(row.slaAttainmentAfterwards()), Formats.percent(r.total().shedFraction())));
        }
        return md.toString();
    }

    private ReleaseAtPeakExperiment() {
    }
}
