package com.mangaassist.planner.cli;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PlannerInputException;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.recommend.Candidate;
import com.mangaassist.planner.recommend.RecommendReport;
import com.mangaassist.planner.recommend.Recommender;
import com.mangaassist.planner.recommend.Sla;
import com.mangaassist.planner.report.Formats;
import com.mangaassist.planner.report.ReportWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Finds the cheapest deployment (min tasks, turn capacity, Lambda cap, GPU min/max) that meets the SLA on the traffic, "
                + "and prints the CDK context that deploys it.")
final class RecommendCommand implements Callable<Integer> {

    @Mixin
    Inputs inputs;

    @Option(names = "--sla-ttft-ms", description = "TTFT objective in ms (default: routing.ttftSlaMillis of the config).")
    Integer slaMillis;

    @Option(names = "--sla-attainment", defaultValue = "0.99", description = "Share of offered turns that must meet it (default 0.99); with a token budget, of the turns it admits.")
    double attainment;

    @Option(names = "--max-gpu", defaultValue = "60", description = "The most GPU instances the search may use (default 60).")
    int maxGpu;

    @Option(names = "--out", defaultValue = "capacity-planner/target/recommend", description = "Report directory (default: capacity-planner/target/recommend).")
    Path out;

    @Override
    public Integer call() {
        PlannerConfig loaded = inputs.config();
        int ttft = slaMillis == null ? loaded.routing().ttftSlaMillis() : slaMillis;
        Sla sla;
        try {
            sla = new Sla(ttft, attainment);
        } catch (IllegalArgumentException e) {
            throw new PlannerInputException("--sla-ttft-ms / --sla-attainment: " + e.getMessage() + ".");
        }
        // The routing policy holds the same objective the SLA states, as the deployed services do.
        PlannerConfig config = loaded.withRouting(loaded.routing().withTtftSlaMillis(ttft));
        PriceTable prices = inputs.prices();
        String currency = prices.currency();
        Recommender recommender = new Recommender(config, prices, inputs.traffic(config), sla, maxGpu, candidate -> System.err.println(line(candidate, currency)));
        Recommender.Recommendation result = recommender.search();
        String traffic = inputs.describe(config);
        String instanceType = config.gpu().small().instanceType();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("recommend.md", RecommendReport.markdown(result, traffic, instanceType, currency, prices.date().toString()));
        files.put("candidates.csv", RecommendReport.csv(result));
        files.put("recommend.svg", RecommendReport.chart(result, currency));
        if (result.chosen() != null) {
            ReportWriter.render(result.chosenRun(), "Chosen deployment: " + result.chosen().deployment().label() + ", " + traffic)
                    .forEach((name, body) -> files.put("chosen-" + name, body));
        }
        for (Path file : ReportWriter.writeAll(out, files)) {
            System.out.println("wrote " + file);
        }
        if (result.chosen() == null) {
            System.out.println("no candidate met the SLA; see " + out.resolve("recommend.md"));
            return 3;
        }
        Candidate c = result.chosen();
        System.out.printf(Locale.ROOT, "chosen: %s (attainment %s, TTFT p99 %s, %s per hour) after %d simulations%n", c.deployment().label(),
                Formats.percent(c.attainment()), Formats.millis(c.ttftP99()), Formats.money(c.costPerHour(), currency), result.candidates().size());
        System.out.println("cdk deploy --all " + c.deployment().cdkContext(instanceType));
        return 0;
    }

    private static String line(Candidate c, String currency) {
        return String.format(Locale.ROOT, "candidate %2d  %-40s attainment %8s  p99 %9s  %12s/h  %s", c.order(), c.deployment().label(),
                Formats.percent(c.attainment()), Formats.millis(c.ttftP99()), Formats.money(c.costPerHour(), currency), c.feasible() ? "meets" : "misses");
    }
}
