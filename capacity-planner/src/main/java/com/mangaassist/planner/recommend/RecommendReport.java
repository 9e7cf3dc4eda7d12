package com.mangaassist.planner.recommend;

import com.mangaassist.planner.report.Formats;
import com.mangaassist.planner.report.SvgChart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** recommend's answer: the chosen deployment with its CDK context, every candidate, and the cost-against-SLA chart. */
public final class RecommendReport {

    private RecommendReport() {
    }

    public static String markdown(Recommender.Recommendation r, String traffic, String instanceType, String currency, String pricesDate) {
        StringBuilder md = new StringBuilder("# Recommendation: ").append(traffic).append("\n\n");
        md.append(String.format(Locale.ROOT, "SLA: at least %s of offered turns with a first token within %,d ms, no request on a cold GPU instance, "
                + "nothing unfinished. Costs at list prices of %s.%n%n", Formats.percent(r.sla().attainment()), r.sla().ttftMillis(), pricesDate));
        if (r.chosen() == null) {
            md.append("**No candidate met the SLA**, not even the most generous one searched; the closest is listed first below. "
                    + "Raise `--max-gpu`, or look at what the closest candidate's report says saturates.\n\n");
        } else {
            Candidate c = r.chosen();
            md.append(String.format(Locale.ROOT, "**Chosen**: %s: attainment %s, TTFT p99 %s, %s per hour, %s per 1,000 turns.%n%n",
                    c.deployment().label(), Formats.percent(c.attainment()), Formats.millis(c.ttftP99()), Formats.money(c.costPerHour(), currency),
                    Formats.money(c.costPerThousand(), currency)));
            md.append("Deploy it with (add your usual `-c env=… -c release=… -c releaseKey=…`):\n\n```bash\ncdk deploy --all ")
                    .append(c.deployment().cdkContext(instanceType)).append("\n```\n\n");
        }
        md.append("![cost against SLA attainment](recommend.svg)\n\n");
        md.append("| # | deployment | SLA attainment | TTFT p99 | spilled | shed | cold | per hour | per 1,000 turns | meets SLA |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|:---:|\n");
        List<Candidate> sorted = new ArrayList<>(r.candidates());
        sorted.sort(Comparator.comparing((Candidate c) -> !c.feasible()).thenComparingDouble(c -> c.feasible() ? c.costPerHour() : -c.attainment()));
        for (Candidate c : sorted) {
            boolean chosen = c == r.chosen();
            md.append(String.format(Locale.ROOT, "| %d | %s%s%s | %s | %s | %s | %s | %d | %s | %s | %s |%n", c.order(), chosen ? "**" : "",
                    c.deployment().label(), chosen ? "**" : "", Formats.percent(c.attainment()), Formats.millis(c.ttftP99()),
                    Formats.percent(c.spillFraction()), Formats.percent(c.shedFraction()), c.coldExposure(),
                    Formats.money(c.costPerHour(), currency), Formats.money(c.costPerThousand(), currency), c.feasible() ? "yes" : "no"));
        }
        return md.toString();
    }

    public static String csv(Recommender.Recommendation r) {
        StringBuilder csv = new StringBuilder("order,min_tasks,max_tasks,turn_capacity,lambda_cap,gpu_min,gpu_max,sla_attainment,ttft_p99_ms,"
                + "cost_per_hour,cost_per_1000_turns,cold_exposure,unfinished,feasible,chosen\n");
        for (Candidate c : r.candidates()) {
            Deployment d = c.deployment();
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d,%s,%s,%s,%s,%d,%d,%b,%b%n", c.order(), d.minTasks(), d.maxTasks(), d.turnCapacity(),
                    d.lambdaCap(), d.gpuMin(), d.gpuMax(), Formats.csv(c.attainment()), Formats.csv(c.ttftP99()), Formats.csv(c.costPerHour()),
                    Formats.csv(c.costPerThousand()), c.coldExposure(), c.unfinished(), c.feasible(), c == r.chosen()));
        }
        return csv.toString();
    }

    public static String chart(Recommender.Recommendation r, String currency) {
        List<SvgChart.Point> points = new ArrayList<>();
        for (Candidate c : r.candidates()) {
            points.add(new SvgChart.Point(c.attainment() * 100, c.costPerHour(), "#" + c.order() + " " + c.deployment().label(), c == r.chosen(),
                    c.feasible()));
        }
        return SvgChart.scatter("Candidates: cost against SLA attainment", "turns with TTFT within the SLA (%)", currency + " per hour", points,
                r.sla().attainment() * 100, "SLA target");
    }
}
