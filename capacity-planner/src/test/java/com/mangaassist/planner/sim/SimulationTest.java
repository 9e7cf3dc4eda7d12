package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.assertj.core.data.Percentage.withPercentage;

import com.mangaassist.planner.TestConfigs;
import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.sim.MinuteStats;
import com.mangaassist.planner.traffic.TraceTurn;
import com.mangaassist.planner.traffic.TrafficGenerator;
import com.mangaassist.planner.traffic.TurnSource;
import com.mangaassist.shared.routing.SpillMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final PlannerConfig.Spike DROP = new PlannerConfig.Spike(300, 10, 60, 400);

    @Test
    void run_endsEveryOfferedTurnAnsweredInAnErrorOrGivenUp() {
        RunResult result = run(TestConfigs.withTraffic(PlannerConfig.defaults(), 100_000, 0.3, 900, List.of(DROP)));
        MinuteStats t = result.total();

        assertThat(t.offered).isPositive();
        assertThat(t.answered + t.errors + t.gaveUp + result.unfinished()).isEqualTo(t.offered);
        assertThat(t.ttft.count()).isEqualTo(t.offered);
        long byMinute = result.minutes().stream().mapToLong(m -> m.offered).sum();
        assertThat(byMinute).isEqualTo(t.offered);
    }

    @Test
    void run_withMinTwoAndTheReadinessGate_neverServesFromAColdInstance() {
        RunResult result = run(TestConfigs.withTraffic(PlannerConfig.defaults(), 100_000, 0.3, 900, List.of(DROP)));

        // The drop scales the endpoint out; new instances take traffic only once warm.
        assertThat(result.gpuLaunched()).isPositive();
        assertThat(result.coldExposure()).isZero();
        assertThat(result.noWarmGpuSeconds()).isZero();
    }

    @Test
    void run_inOverflowOnlyMode_spillsEveryTurn() {
        PlannerConfig c = TestConfigs.small(20_000, 600);
        PlannerConfig overflowOnly = c.withRouting(c.routing().withSpillMode(SpillMode.OVERFLOW_ONLY));

        RunResult result = run(overflowOnly);

        assertThat(result.total().spilled).isEqualTo(result.total().offered);
        assertThat(result.lambdaInvocations()).isPositive();
        assertThat(result.costByService().get("Lambda")).isPositive();
    }

    @Test
    void run_costsAccrueForWhatExists() {
        RunResult result = run(TestConfigs.small(10_000, 3600));
        PriceTable prices = PriceTable.defaults();
        double hours = result.simulatedSeconds() / 3600;

        // At this load nothing scales: 10 tasks of 2 vCPU / 4 GB, two ml.g5.2xlarge and the large tier's two ml.g5.12xlarge for the hour.
        assertThat(result.costByService().get("Fargate"))
                .isCloseTo(10 * (2 * prices.fargateVcpuHour() + 4 * prices.fargateGbHour()) * hours, withPercentage(1));
        assertThat(result.costByService().get("SageMaker")).isCloseTo((2 * 1.515 + 2 * 7.09) * hours, withPercentage(1));
    }

    @Test
    void run_whenIdleUsersAreAdded_holdsNoMoreState() {
        // The same turn rate from a million users or ten million mostly idle ones.
        RunResult few = run(TestConfigs.withTraffic(PlannerConfig.defaults(), 1_000_000, 0.03, 600, List.of()));
        RunResult many = run(TestConfigs.withTraffic(PlannerConfig.defaults(), 10_000_000, 0.003, 600, List.of()));

        assertThat((double) many.peakConversations()).isCloseTo(few.peakConversations(), withPercentage(15));
        assertThat((double) many.peakAgenda()).isCloseTo(few.peakAgenda(), withPercentage(25));
    }

    @Test
    void run_withRetrieval_growsATurnsTtftByItsLatency() {
        PlannerConfig c = PlannerConfig.defaults();

        double without = oneTurn(c.withRetrieval(c.retrieval().withEnabled(false))).ttftMillis;
        OneTurn with = oneTurn(c.withRetrieval(c.retrieval().withLatency(80, 80, 250)));

        assertThat(with.ttftMillis - without).isCloseTo(80, offset(1e-6));
        assertThat(with.result.total().retrieval.quantile(0.99)).isCloseTo(80, withPercentage(1));
        assertThat(with.result.total().ungrounded).isZero();
    }

    @Test
    void run_whenRetrievalOutlastsTheDeadline_waitsOnlyTheDeadlineAndCountsTheTurnUngrounded() {
        PlannerConfig c = PlannerConfig.defaults();

        double without = oneTurn(c.withRetrieval(c.retrieval().withEnabled(false))).ttftMillis;
        OneTurn late = oneTurn(c.withRetrieval(c.retrieval().withLatency(400, 400, 250)));

        assertThat(late.ttftMillis - without).isCloseTo(250, offset(1e-6));
        assertThat(late.result.total().answered).isEqualTo(1);
        assertThat(late.result.total().ungrounded).isEqualTo(1);
        assertThat(late.result.total().ungroundedFraction()).isEqualTo(1.0);
    }

    @Test
    void run_onTheOverflowPath_billsRetrievalInTheFunctionsDuration() {
        PlannerConfig c = PlannerConfig.defaults();
        PlannerConfig overflowOnly = c.withRouting(c.routing().withSpillMode(SpillMode.OVERFLOW_ONLY));

        OneTurn without = oneTurn(overflowOnly.withRetrieval(c.retrieval().withEnabled(false)));
        OneTurn with = oneTurn(overflowOnly.withRetrieval(c.retrieval().withLatency(80, 80, 250)));

        assertThat(with.result.total().spilled).isEqualTo(1);
        assertThat(with.ttftMillis - without.ttftMillis).isCloseTo(80, offset(1e-6));
        // 80 ms more of a 2,048 MB function: 0.08 s x 2 GB at the GB-second price.
        double gbSecond = PriceTable.defaults().lambdaGbSecond();
        assertThat(with.result.costByService().get("Lambda") - without.result.costByService().get("Lambda"))
                .isCloseTo(0.080 * 2 * gbSecond, withPercentage(0.01));
    }

    @Test
    void run_billsTheSearchDomainByTheHourWhateverTheTraffic() {
        PriceTable prices = PriceTable.defaults();
        // The prod sizing: 2 data nodes and 3 cluster managers of m6g.large.search, a 10 GiB gp3 volume per data node.
        double perHour = 5 * prices.searchInstanceHour("m6g.large.search", "test") + 2 * 10 * prices.openSearchGp3GbMonth() / 730;

        RunResult quiet = run(TestConfigs.small(1_000, 3600));
        RunResult busy = run(TestConfigs.small(10_000, 3600));

        assertThat(perHour).isCloseTo(0.6433, withPercentage(0.1));
        assertThat(quiet.costByService().get("OpenSearch") / (quiet.simulatedSeconds() / 3600)).isCloseTo(perHour, withPercentage(0.1));
        assertThat(busy.costByService().get("OpenSearch") / (busy.simulatedSeconds() / 3600)).isCloseTo(perHour, withPercentage(0.1));
        assertThat(busy.total().offered).isGreaterThan(5 * quiet.total().offered);
    }

    @Test
    void run_withRetrievalOff_billsNoDomainAndRecordsNoRetrieval() {
        PlannerConfig c = TestConfigs.small(1_000, 600);

        RunResult result = run(c.withRetrieval(c.retrieval().withEnabled(false)));

        assertThat(result.costByService().get("OpenSearch")).isZero();
        assertThat(result.total().retrieval.count()).isZero();
    }

    /** One turn on an idle deployment, no pre-roll: what it took is the pipeline's own path, nothing queued. */
    private static OneTurn oneTurn(PlannerConfig config) {
        List<Double> ttft = new ArrayList<>();
        SimulationListener listener = new SimulationListener() {
            @Override
            public void turnEnded(double firstSendAt, double ttftMillis, boolean answered, boolean spilled) {
                ttft.add(ttftMillis);
            }
        };
        Iterator<TraceTurn> turns = List.of(new TraceTurn(1, "u1", "c1", 40, 120, "en", "Which manga is like Frieren?")).iterator();
        RunResult result = new Simulation(config, PriceTable.defaults(), listener, 0).run(new TurnSource() {
            @Override
            public TraceTurn next() {
                return turns.hasNext() ? turns.next() : null;
            }

            @Override
            public double expectedSeconds() {
                return 1;
            }
        });
        assertThat(ttft).hasSize(1);
        return new OneTurn(ttft.get(0), result);
    }

    private record OneTurn(double ttftMillis, RunResult result) {
    }

    private static RunResult run(PlannerConfig config) {
        return new Simulation(config, PriceTable.defaults(), SimulationListener.NONE).run(new TrafficGenerator(config.traffic()));
    }
}
