package com.mangaassist.planner.cli;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.report.Formats;
import com.mangaassist.planner.report.ReportWriter;
import com.mangaassist.planner.sim.RunResult;
import com.mangaassist.planner.sim.Simulation;
import com.mangaassist.planner.sim.SimulationListener;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Simulates one deployment over the traffic and writes report.md, minutes.csv and run.svg.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    Inputs inputs;

    @Option(names = "--out", description = "Report directory (default: capacity-planner/target/run).", defaultValue = "capacity-planner/target/run")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        PlannerConfig config = inputs.config();
        ProgressBar bar = quiet ? null : new ProgressBar(System.err, "run");
        RunResult result = new Simulation(config, inputs.prices(), bar == null ? SimulationListener.NONE : bar).run(inputs.traffic(config).get());
        if (bar != null) {
            bar.done();
        }
        String title = "Capacity plan: " + inputs.describe(config);
        for (Path file : ReportWriter.writeAll(out, ReportWriter.render(result, title))) {
            System.out.println("wrote " + file);
        }
        System.out.println(summary(result));
        return 0;
    }

    static String summary(RunResult r) {
        return quota(r) + String.format(Locale.ROOT, "%s turns: TTFT p50 %s, p99 %s (retrieval p99 %s, ungrounded %s); SLA attainment %s; spilled %s, shed %s, "
                        + "gave up %s; met a cold GPU instance %s; %s per hour, %s per 1,000 turns; %,d events in %.1f s (%,.0f events/s)",
                Formats.count(r.total().offered), Formats.millis(r.total().ttft.quantile(0.5)), Formats.millis(r.total().ttft.quantile(0.99)),
                Formats.millis(r.total().retrieval.quantile(0.99)), Formats.percent(r.total().ungroundedFraction()),
                Formats.percent(r.total().slaAttainment()), Formats.percent(r.total().spillFraction()), Formats.percent(r.total().shedFraction()),
                Formats.count(r.total().gaveUp), Formats.count(r.coldExposure()), Formats.money(r.costPerHour(), r.prices().currency()),
                Formats.money(r.costPerThousandTurns(), r.prices().currency()), r.events(), r.wallSeconds(), r.events() / Math.max(1e-9, r.wallSeconds()));
    }

    /** With a token budget, what it refused leads the line: the figures after it are of the turns admitted. */
    private static String quota(RunResult r) {
        if (!r.config().quota().enabled()) {
            return "";
        }
        return String.format(Locale.ROOT, "refused by quota %s (%s of offered), %s admitted; ", Formats.count(r.total().refusedByQuota),
                Formats.percent(r.total().quotaRefusedFraction()), Formats.count(r.total().admitted()));
    }
}
