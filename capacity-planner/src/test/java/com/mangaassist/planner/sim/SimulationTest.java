package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import com.mangaassist.planner.TestConfigs;
import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.report.MinuteStats;
import com.mangaassist.planner.traffic.TrafficGenerator;
import com.mangaassist.shared.routing.SpillMode;
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

        // At this load nothing scales: 10 tasks of 2 vCPU / 4 GB and two ml.g5.2xlarge for the hour.
        assertThat(result.costByService().get("Fargate"))
                .isCloseTo(10 * (2 * prices.fargateVcpuHour() + 4 * prices.fargateGbHour()) * hours, withPercentage(1));
        assertThat(result.costByService().get("SageMaker")).isCloseTo(2 * 1.515 * hours, withPercentage(1));
    }

    @Test
    void run_whenIdleUsersAreAdded_holdsNoMoreState() {
        // The same turn rate from a million users or ten million mostly idle ones.
        RunResult few = run(TestConfigs.withTraffic(PlannerConfig.defaults(), 1_000_000, 0.03, 600, List.of()));
        RunResult many = run(TestConfigs.withTraffic(PlannerConfig.defaults(), 10_000_000, 0.003, 600, List.of()));

        assertThat((double) many.peakConversations()).isCloseTo(few.peakConversations(), withPercentage(15));
        assertThat((double) many.peakAgenda()).isCloseTo(few.peakAgenda(), withPercentage(25));
    }

    private static RunResult run(PlannerConfig config) {
        return new Simulation(config, PriceTable.defaults(), SimulationListener.NONE).run(new TrafficGenerator(config.traffic()));
    }
}
