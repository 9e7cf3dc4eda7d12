package com.mangaassist.planner.report;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.sim.GpuFleet;
import com.mangaassist.planner.sim.MinuteStats;
import com.mangaassist.planner.sim.RunResult;
import com.mangaassist.shared.capacity.GpuCapacityModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A run as a person reads it: markdown tables, a CSV of every minute, and one chart. */
public final class RunReport {

    private RunReport() {
    }

    public static String markdown(RunResult r, String title) {
        PlannerConfig c = r.config();
        MinuteStats t = r.total();
        String currency = r.prices().currency();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append(String.format(Locale.ROOT, "Deployment: %d–%d orchestrator tasks of %.2g vCPU, turn capacity %d each (spill threshold), spill mode %s; "
                        + "overflow function at most %d concurrent, batch %d, SnapStart %s; GPU %s %d–%d × %s (%s, %s, max-num-seqs %d, KV cache %,d tokens per instance)%s; "
                        + "%s; TTFT SLA %,d ms. Prices: %s list prices of %s (%s).%n%n",
                c.fargate().minTasks(), c.fargate().maxTasks(), c.fargate().vcpu(), c.fargate().turnCapacity(),
                c.routing().spillMode().name().toLowerCase(Locale.ROOT).replace('_', '-'), c.overflow().maxConcurrency(), c.overflow().batchSize(),
                c.overflow().snapStart() ? "on" : "off", "small", c.gpu().small().minInstances(), c.gpu().small().maxInstances(),
                c.gpu().small().instanceType(), c.gpu().small().model(), c.gpu().small().weightFormat(), c.gpu().small().maxNumSeqs(),
                kvTokens(c.gpu().small()), c.gpu().large().enabled() ? String.format(Locale.ROOT, "; large %d–%d × %s", c.gpu().large().minInstances(),
                        c.gpu().large().maxInstances(), c.gpu().large().instanceType()) : "",
                retrieval(c.retrieval()), c.routing().ttftSlaMillis(), r.prices().region(), r.prices().date(), currency));

        md.append("## Overall\n\n");
        md.append("| offered | answered | errors | gave up | unfinished | spilled | shed (busy at least once) | degraded | TTFT p50 | TTFT p99 | completion p50 | completion p99 | SLA attainment | met a cold GPU instance |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n%n",
                Formats.count(t.offered), Formats.count(t.answered), Formats.count(t.errors), Formats.count(t.gaveUp), Formats.count(r.unfinished()),
                Formats.percent(t.spillFraction()), Formats.percent(t.shedFraction()), Formats.count(t.degraded),
                Formats.millis(t.ttft.quantile(0.5)), Formats.millis(t.ttft.quantile(0.99)), Formats.millis(t.completion.quantile(0.5)),
                Formats.millis(t.completion.quantile(0.99)), Formats.percent(t.slaAttainment()), Formats.count(r.coldExposure())));

        if (c.quota().enabled()) {
            md.append(quota(r));
        }

        if (c.retrieval().enabled()) {
            md.append("## Retrieval (in every turn's TTFT, before the GPU call)\n\n");
            md.append(String.format(Locale.ROOT, "| retrieval p50 | retrieval p99 | ungrounded (past the %s deadline) |%n|---:|---:|---:|%n",
                    Formats.millis(c.retrieval().deadlineMs())));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s (%s) |%n%n", Formats.millis(t.retrieval.quantile(0.5)),
                    Formats.millis(t.retrieval.quantile(0.99)), Formats.count(t.ungrounded), Formats.percent(t.ungroundedFraction())));
        }

        md.append("## Capacity and cost\n\n");
        md.append("| peak tasks serving | tasks launched | peak Lambda concurrency | Lambda invocations (cold starts) | peak GPU instances serving | GPU instances launched | waited for a GPU instance (longest wait) | OOM breaker trips (reduced-context requests) |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| %d | %s | %d | %s (%s) | %d | %s | %s (%.1f s) | %s (%s) |%n%n", t.peakTasks, Formats.count(r.tasksLaunched()),
                t.peakLambda, Formats.count(r.lambdaInvocations()), Formats.count(r.lambdaColdStarts()), t.peakGpu, Formats.count(r.gpuLaunched()),
                Formats.count(r.waitedForGpu()), r.longestGpuWaitSeconds(), Formats.count(r.breakerTrips()), Formats.count(r.reducedContext())));
        md.append("| cost | ").append(String.join(" | ", r.costByService().keySet().stream().sorted().toList())).append(" | total | per hour | per 1,000 turns |\n");
        md.append("|---|").append("---:|".repeat(r.costByService().size() + 3)).append("\n| ").append(currency).append(" |");
        for (String service : r.costByService().keySet().stream().sorted().toList()) {
            md.append(String.format(Locale.ROOT, " %,.2f |", r.costByService().get(service)));
        }
        md.append(String.format(Locale.ROOT, " %,.2f | %,.2f | %,.4f |%n%n", r.totalCost(), r.costPerHour(), r.costPerThousandTurns()));

        md.append("## Routing decisions (RoutingPolicy, busy retries included)\n\n| route / reason | decisions |\n|---|---:|\n");
        for (Map.Entry<String, Long> decision : r.decisions().entrySet()) {
            md.append("| ").append(decision.getKey()).append(" | ").append(Formats.count(decision.getValue())).append(" |\n");
        }
        md.append("\n## Every minute\n\nTurns count in the minute their user first sent them; capacity columns are the minute's peaks.\n\n");
        md.append("| minute | offered | answered | spilled | shed | gave up | TTFT p50 | TTFT p99 | completion p99 | retrieval p99 | ungrounded | SLA | tasks | Lambda | GPU | cost |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (MinuteStats m : r.minutes()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %,.2f |%n", m.minute,
                    Formats.count(m.offered), Formats.count(m.answered), Formats.percent(m.spillFraction()), Formats.percent(m.shedFraction()),
                    Formats.count(m.gaveUp), Formats.millis(m.ttft.quantile(0.5)), Formats.millis(m.ttft.quantile(0.99)),
                    Formats.millis(m.completion.quantile(0.99)), Formats.millis(m.retrieval.quantile(0.99)), Formats.count(m.ungrounded),
                    Formats.percent(m.slaAttainment()), m.peakTasks, m.peakLambda, m.peakGpu, m.cost));
        }
        md.append(String.format(Locale.ROOT, "%nSimulation: %s events over %,.0f simulated seconds in %.1f s of wall time (%,.0f events/s); at most %,d conversations "
                        + "and %,d scheduled events held at once.%n", Formats.count(r.events()), r.simulatedSeconds(), r.wallSeconds(),
                r.events() / Math.max(1e-9, r.wallSeconds()), r.peakConversations(), r.peakAgenda()));
        return md.toString();
    }

    public static String csv(RunResult r) {
        StringBuilder csv = new StringBuilder("minute,offered,answered,errors,gave_up,throttled,spilled,shed_turns,busy_replies,degraded,"
                + "ttft_p50_ms,ttft_p99_ms,completion_p50_ms,completion_p99_ms,sla_attainment,cold_hits,new_connections,tasks,lambda,gpu,cost,"
                + "retrieval_p99_ms,ungrounded,refused_quota\n");
        for (MinuteStats m : r.minutes()) {
            csv.append(m.minute).append(',').append(m.offered).append(',').append(m.answered).append(',').append(m.errors).append(',')
                    .append(m.gaveUp).append(',').append(m.throttled).append(',').append(m.spilled).append(',').append(m.shedTurns).append(',')
                    .append(m.busyReplies).append(',').append(m.degraded).append(',').append(Formats.csv(m.ttft.quantile(0.5))).append(',')
                    .append(Formats.csv(m.ttft.quantile(0.99))).append(',').append(Formats.csv(m.completion.quantile(0.5))).append(',')
                    .append(Formats.csv(m.completion.quantile(0.99))).append(',').append(Formats.csv(m.slaAttainment())).append(',')
                    .append(m.coldHits).append(',').append(m.newConnections).append(',').append(m.peakTasks).append(',').append(m.peakLambda)
                    .append(',').append(m.peakGpu).append(',').append(Formats.csv(m.cost)).append(',')
                    .append(Formats.csv(m.retrieval.quantile(0.99))).append(',').append(m.ungrounded).append(',').append(m.refusedByQuota)
                    .append('\n');
        }
        return csv.toString();
    }

    public static String chart(RunResult r, String title) {
        List<MinuteStats> minutes = r.minutes();
        int n = minutes.size();
        double[] offered = new double[n];
        double[] answered = new double[n];
        double[] spilled = new double[n];
        double[] shed = new double[n];
        double[] refused = new double[n];
        double[] tasks = new double[n];
        double[] lambda = new double[n];
        double[] gpu = new double[n];
        double[] p50 = new double[n];
        double[] p99 = new double[n];
        for (int i = 0; i < n; i++) {
            MinuteStats m = minutes.get(i);
            offered[i] = m.offered / 60.0;
            answered[i] = m.answered / 60.0;
            spilled[i] = m.spilled / 60.0;
            shed[i] = m.shedTurns / 60.0;
            refused[i] = m.refusedByQuota / 60.0;
            tasks[i] = m.peakTasks;
            lambda[i] = m.peakLambda;
            gpu[i] = m.peakGpu;
            p50[i] = m.ttft.quantile(0.5);
            p99[i] = m.ttft.quantile(0.99);
        }
        List<SvgChart.Panel> panels = new ArrayList<>();
        List<SvgChart.Series> load = new ArrayList<>(List.of(new SvgChart.Series("offered", offered), new SvgChart.Series("answered", answered),
                new SvgChart.Series("spilled", spilled), new SvgChart.Series("shed", shed)));
        if (r.config().quota().enabled()) {
            // Only with a budget: a chart without one stays as it was.
            load.add(new SvgChart.Series("refused by quota", refused));
        }
        panels.add(new SvgChart.Panel("Load (turns per second, by the minute they were offered)", "turns/s", load, Double.NaN, ""));
        panels.add(new SvgChart.Panel("Capacity (peak in the minute)", "count", List.of(new SvgChart.Series("tasks serving", tasks),
                new SvgChart.Series("Lambda concurrency", lambda), new SvgChart.Series("GPU instances", gpu)), Double.NaN, ""));
        panels.add(new SvgChart.Panel("Time to first token", "ms", List.of(new SvgChart.Series("p50", p50), new SvgChart.Series("p99", p99)),
                r.config().routing().ttftSlaMillis(), "SLA"));
        return SvgChart.panels(title, "simulated minute", panels);
    }

    /** The quota section: what the budgets refused, and what the run's shares are of once they do. */
    private static String quota(RunResult r) {
        PlannerConfig.QuotaSettings q = r.config().quota();
        MinuteStats t = r.total();
        StringBuilder md = new StringBuilder("## Token quota per principal (ADR 0046)\n\n");
        md.append(String.format(Locale.ROOT, "Budgets: %s a UTC day and %s a month (a month's is held as a cap over the whole run); every principal starts the run at zero. "
                        + "A message from a principal whose budget is spent is refused `quota_exceeded`: no GPU work, not a miss of the SLA, not a shed. "
                        + "SLA attainment, spilled, shed and the cost per 1,000 turns above are of the %s admitted turns.%n%n",
                budget(q.dailyTokens()), budget(q.monthlyTokens()), Formats.count(t.admitted())));
        md.append("| refused by quota | share of offered | principals refused | admitted | tokens charged | tokens per answered turn |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n%n", Formats.count(t.refusedByQuota), Formats.percent(t.quotaRefusedFraction()),
                Formats.count(r.quota().principalsRefused()), Formats.count(t.admitted()), Formats.count(r.quota().tokensCharged()),
                t.answered == 0 ? "–" : Formats.count(Math.round((double) r.quota().tokensCharged() / t.answered))));
        return md.toString();
    }

    private static String budget(long tokens) {
        return tokens == 0 ? "none" : String.format(Locale.ROOT, "%,d tokens", tokens);
    }

    /** The deployment line's retrieval: the latency it draws, its deadline, and the domain as the CDK sizes it. */
    private static String retrieval(PlannerConfig.RetrievalSettings r) {
        if (!r.enabled()) {
            return "no retrieval in the turn";
        }
        PlannerConfig.SearchDomainSettings d = r.domain();
        return String.format(Locale.ROOT, "retrieval in every turn (log-normal, p50 %s, p99 %s, deadline %s, embedding %s CPU) on a knowledge search "
                        + "domain of %d × %s%s (flat)", Formats.millis(r.latencyP50Ms()), Formats.millis(r.latencyP99Ms()), Formats.millis(r.deadlineMs()),
                Formats.millis(r.embedCpuMs()), d.dataNodes(), d.dataInstanceType(),
                d.masterNodes() > 0 ? String.format(Locale.ROOT, " + %d × %s cluster managers", d.masterNodes(), d.masterInstanceType()) : "");
    }

    private static long kvTokens(PlannerConfig.GpuTierSettings tier) {
        return GpuCapacityModel.estimate(GpuFleet.inputs("small", tier)).kvTokens();
    }
}
