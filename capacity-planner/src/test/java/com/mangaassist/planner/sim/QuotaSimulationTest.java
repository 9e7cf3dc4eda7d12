package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.planner.TestConfigs;
import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.report.RunReport;
import com.mangaassist.planner.traffic.TraceTurn;
import com.mangaassist.planner.traffic.TrafficGenerator;
import com.mangaassist.planner.traffic.TurnSource;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-principal token budgets (ADR 0046) as a cap on the traffic the platform takes on. */
class QuotaSimulationTest {

    private static final PlannerConfig.Spike DROP = new PlannerConfig.Spike(300, 10, 60, 400);
    private static final PlannerConfig TRAFFIC = TestConfigs.withTraffic(PlannerConfig.defaults(), 20_000, 0.3, 900, List.of(DROP));

    @Test
    void run_whenNoPrincipalReachesTheBudget_reportsTheSameFiguresAsWithoutOne() {
        Outcome without = run(TRAFFIC);
        Outcome unreached = run(TRAFFIC.withQuota(new PlannerConfig.QuotaSettings(Integer.MAX_VALUE, Integer.MAX_VALUE)));

        assertThat(unreached.result.total().refusedByQuota).isZero();
        assertThat(unreached.result.quota().tokensCharged()).isPositive();
        assertThat(RunReport.csv(unreached.result)).isEqualTo(RunReport.csv(without.result));
        assertThat(figures(RunReport.markdown(unreached.result, "t"))).isEqualTo(figures(RunReport.markdown(without.result, "t")));
        assertThat(unreached.result.costByService()).isEqualTo(without.result.costByService());
        assertThat(unreached.result.decisions()).isEqualTo(without.result.decisions());
        assertThat(unreached.prefilled).isEqualTo(without.prefilled);
    }

    @Test
    void run_withASmallDailyBudget_refusesTurnsAndLowersGpuWork() {
        Outcome without = run(TRAFFIC);
        Outcome capped = run(TRAFFIC.withQuota(new PlannerConfig.QuotaSettings(1_000, 0)));
        MinuteStats t = capped.result.total();

        assertThat(t.offered).isEqualTo(without.result.total().offered);
        assertThat(t.refusedByQuota).isPositive();
        assertThat(capped.result.quota().principalsRefused()).isPositive().isLessThanOrEqualTo(t.refusedByQuota);
        // Every offered turn still ends one way: a refusal is an outcome of its own, not a miss or a give-up.
        assertThat(t.answered + t.errors + t.gaveUp + capped.result.unfinished() + t.refusedByQuota).isEqualTo(t.offered);
        assertThat(t.ttft.count()).isEqualTo(t.admitted());
        assertThat(t.slaAttainment()).isEqualTo((double) t.slaMet / t.admitted());
        assertThat(t.answered).isLessThan(without.result.total().answered);
        assertThat(capped.prefilled).isLessThan(without.prefilled);
        assertThat(capped.result.quota().tokensCharged()).isLessThan(run(TRAFFIC.withQuota(new PlannerConfig.QuotaSettings(Integer.MAX_VALUE, 0)))
                .result.quota().tokensCharged());
        assertThat(RunReport.markdown(capped.result, "t")).contains("## Token quota per principal (ADR 0046)");
    }

    @Test
    void run_withABudget_isTheSameRunForTheSameSeed() {
        PlannerConfig capped = TRAFFIC.withQuota(new PlannerConfig.QuotaSettings(1_000, 5_000));

        Outcome first = run(capped);
        Outcome second = run(capped);

        assertThat(first.result.total().refusedByQuota).isPositive();
        assertThat(RunReport.csv(second.result)).isEqualTo(RunReport.csv(first.result));
        assertThat(figures(RunReport.markdown(second.result, "t"))).isEqualTo(figures(RunReport.markdown(first.result, "t")));
        assertThat(second.result.quota()).isEqualTo(first.result.quota());
    }

    @Test
    void run_whenTheBudgetIsSpent_refusesTheNextMessageButNotTurnsAlreadyInFlight() {
        PlannerConfig oneToken = PlannerConfig.defaults().withQuota(new PlannerConfig.QuotaSettings(1, 0));
        // Two messages at once, both admitted on zero usage (the overshoot ADR 0046 allows); a third after both are answered.
        RunResult result = replay(oneToken, new TraceTurn(1, "u1", "c1", 40, 120, "en", "Which manga is like Frieren?"),
                new TraceTurn(1.01, "u1", "c2", 40, 120, "en", "Is volume 12 out?"),
                new TraceTurn(120, "u1", "c1", 40, 120, "en", "And after that?"),
                new TraceTurn(121, "u2", "c3", 40, 120, "en", "Hello"));
        MinuteStats t = result.total();

        assertThat(t.answered).isEqualTo(3);
        assertThat(t.refusedByQuota).isEqualTo(1);
        assertThat(t.slaAttainment()).isEqualTo(1.0);
        assertThat(result.quota().principalsRefused()).isEqualTo(1);
    }

    private record Outcome(RunResult result, long prefilled) {
    }

    private static Outcome run(PlannerConfig config) {
        Simulation simulation = new Simulation(config, PriceTable.defaults(), SimulationListener.NONE);
        RunResult result = simulation.run(new TrafficGenerator(config.traffic()));
        return new Outcome(result, simulation.prefilledTokens());
    }

    /** The report's figures: without the wall-clock line (it times the machine, not the run) and the quota's own section. */
    private static String figures(String markdown) {
        return markdown.replaceAll("(?s)## Token quota per principal.*?(?=## )", "").replaceAll("\nSimulation: [^\n]*\n", "\n");
    }

    private static RunResult replay(PlannerConfig config, TraceTurn... turns) {
        Iterator<TraceTurn> it = List.of(turns).iterator();
        return new Simulation(config, PriceTable.defaults(), SimulationListener.NONE, 0).run(new TurnSource() {
            @Override
            public TraceTurn next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public double expectedSeconds() {
                return turns[turns.length - 1].at();
            }
        });
    }
}
