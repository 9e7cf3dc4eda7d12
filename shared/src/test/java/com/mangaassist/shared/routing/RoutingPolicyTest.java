package com.mangaassist.shared.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Route;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutingPolicyTest {

    private static final RoutingThresholds T = RoutingThresholds.defaults();
    private static final LoadSnapshot IDLE = LoadSnapshot.idle(10);
    private static final DegradeHint DEGRADE = new DegradeHint(T.degradedMaxOutput(), ModelTier.SMALL);

    /** One row per branch: mode, snapshot, expected route and reason, whether a degrade hint is expected. */
    static Stream<Arguments> branches() {
        return Stream.of(
                row("idle task runs the turn", SpillMode.HYBRID, IDLE, Route.BASELINE, RoutingReason.WITHIN_CAPACITY, false),
                row("just under capacity", SpillMode.HYBRID, IDLE.withInFlight(9), Route.BASELINE, RoutingReason.WITHIN_CAPACITY, false),
                row("at capacity spills", SpillMode.HYBRID, IDLE.withInFlight(10), Route.OVERFLOW, RoutingReason.TASK_AT_CAPACITY, false),
                row("capacity 0 forces spill", SpillMode.HYBRID, LoadSnapshot.idle(0), Route.OVERFLOW, RoutingReason.TASK_AT_CAPACITY, false),
                row("cpu high spills", SpillMode.HYBRID, IDLE.withCpu(0.85), Route.OVERFLOW, RoutingReason.TASK_CPU_HIGH, false),
                row("ttft over SLA with healthy GPU spills", SpillMode.HYBRID, IDLE.withTtftP99(Duration.ofMillis(2500)),
                        Route.OVERFLOW, RoutingReason.TTFT_OVER_SLA, false),
                row("saturated task, overflow queue too deep: queue locally", SpillMode.HYBRID,
                        IDLE.withInFlight(10).withOverflowQueue(600, Duration.ofSeconds(1)), Route.BASELINE, RoutingReason.OVERFLOW_BACKLOGGED, false),
                row("saturated task, oldest overflow message too old: queue locally", SpillMode.HYBRID,
                        IDLE.withInFlight(11).withOverflowQueue(10, Duration.ofSeconds(12)), Route.BASELINE, RoutingReason.OVERFLOW_BACKLOGGED, false),
                row("saturated task, backlog, beyond local bound: shed", SpillMode.HYBRID,
                        IDLE.withInFlight(13).withOverflowQueue(600, Duration.ofSeconds(1)), Route.SHED, RoutingReason.HARD_LIMIT_REACHED, false),
                row("spill disabled: queue locally", SpillMode.BASELINE_ONLY, IDLE.withInFlight(12), Route.BASELINE, RoutingReason.SPILL_DISABLED, false),
                row("spill disabled, beyond local bound: shed", SpillMode.BASELINE_ONLY, IDLE.withInFlight(13), Route.SHED, RoutingReason.HARD_LIMIT_REACHED, false),
                row("spill disabled, idle: baseline", SpillMode.BASELINE_ONLY, IDLE, Route.BASELINE, RoutingReason.WITHIN_CAPACITY, false),
                row("overflow-only spills an idle task", SpillMode.OVERFLOW_ONLY, IDLE, Route.OVERFLOW, RoutingReason.OVERFLOW_ONLY_MODE, false),
                row("overflow-only with backlog sheds", SpillMode.OVERFLOW_ONLY, IDLE.withOverflowQueue(600, Duration.ZERO),
                        Route.SHED, RoutingReason.OVERFLOW_BACKLOGGED, false),
                row("overflow-only with GPU past shed level sheds", SpillMode.OVERFLOW_ONLY, IDLE.withGpu(1.2, BreakerState.CLOSED),
                        Route.SHED, RoutingReason.GPU_SATURATED, false),
                row("GPU saturated, task idle: degrade, do not spill", SpillMode.HYBRID, IDLE.withGpu(0.95, BreakerState.CLOSED),
                        Route.BASELINE, RoutingReason.GPU_SATURATED, true),
                row("GPU saturated AND task saturated: still no spill, degrade locally", SpillMode.HYBRID,
                        IDLE.withInFlight(11).withGpu(0.95, BreakerState.CLOSED), Route.BASELINE, RoutingReason.GPU_SATURATED, true),
                row("GPU saturated, task beyond local bound: shed", SpillMode.HYBRID,
                        IDLE.withInFlight(13).withGpu(0.95, BreakerState.CLOSED), Route.SHED, RoutingReason.HARD_LIMIT_REACHED, false),
                row("GPU queueing past shed level: shed", SpillMode.HYBRID, IDLE.withGpu(1.15, BreakerState.CLOSED),
                        Route.SHED, RoutingReason.GPU_SATURATED, false),
                row("GPU breaker open: degrade", SpillMode.HYBRID, IDLE.withGpu(0.2, BreakerState.OPEN),
                        Route.BASELINE, RoutingReason.GPU_BREAKER_OPEN, true),
                row("slow TTFT caused by the GPU is not the task's fault: degrade, no spill", SpillMode.HYBRID,
                        IDLE.withTtftP99(Duration.ofSeconds(5)).withGpu(0.95, BreakerState.CLOSED), Route.BASELINE, RoutingReason.GPU_SATURATED, true),
                row("GPU half-open and unsaturated: normal", SpillMode.HYBRID, IDLE.withGpu(0.3, BreakerState.HALF_OPEN),
                        Route.BASELINE, RoutingReason.WITHIN_CAPACITY, false));
    }

    private static Arguments row(String name, SpillMode mode, LoadSnapshot snapshot, Route route, RoutingReason reason, boolean degraded) {
        return Arguments.of(name, mode, snapshot, route, reason, degraded);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("branches")
    void decide_fromFreshPolicy_takesExpectedBranch(String name, SpillMode mode, LoadSnapshot snapshot, Route route,
                                                     RoutingReason reason, boolean degraded) {
        RoutingDecision decision = new RoutingPolicy(T, mode).decide(snapshot);

        assertThat(decision.route()).isEqualTo(route);
        assertThat(decision.reason()).isEqualTo(reason);
        if (decision instanceof RoutingDecision.Baseline baseline) {
            assertThat(baseline.degrade()).isEqualTo(degraded ? DEGRADE : null);
        }
        if (decision instanceof RoutingDecision.Shed shed) {
            assertThat(shed.retryAfter()).isPositive();
        }
    }

    @Test
    void decide_whenLoadOscillatesAroundCapacity_doesNotFlap() {
        RoutingPolicy policy = new RoutingPolicy(T, SpillMode.HYBRID);
        // Enter at 10/10, then hover at 9/10 (inside the 8..10 band): every turn keeps spilling.
        List<Integer> inFlight = List.of(10, 9, 10, 9, 9, 10, 9);

        List<Route> routes = inFlight.stream().map(n -> policy.decide(IDLE.withInFlight(n)).route()).toList();

        assertThat(routes).containsOnly(Route.OVERFLOW);
        assertThat(policy.decide(IDLE.withInFlight(9)).reason()).isEqualTo(RoutingReason.TASK_RECOVERING);
    }

    @Test
    void decide_whenLoadFallsToLowWaterMark_returnsToBaseline() {
        RoutingPolicy policy = new RoutingPolicy(T, SpillMode.HYBRID);
        policy.decide(IDLE.withInFlight(10));

        assertThat(policy.decide(IDLE.withInFlight(9)).route()).isEqualTo(Route.OVERFLOW);
        assertThat(policy.decide(IDLE.withInFlight(8)).route()).isEqualTo(Route.BASELINE);
        assertThat(policy.decide(IDLE.withInFlight(9)).route()).isEqualTo(Route.BASELINE);
        assertThat(policy.pressure()).isEqualTo(RoutingPolicy.Pressure.NONE);
    }

    @Test
    void decide_whenGpuSaturationHoversInBand_staysDegradedUntilBelowLowMark() {
        RoutingPolicy policy = new RoutingPolicy(T, SpillMode.HYBRID);

        assertThat(policy.decide(IDLE.withGpu(0.90, BreakerState.CLOSED)).reason()).isEqualTo(RoutingReason.GPU_SATURATED);
        assertThat(policy.decide(IDLE.withGpu(0.80, BreakerState.CLOSED)).reason()).isEqualTo(RoutingReason.GPU_SATURATED);
        assertThat(policy.decide(IDLE.withGpu(0.89, BreakerState.CLOSED)).reason()).isEqualTo(RoutingReason.GPU_SATURATED);
        assertThat(policy.decide(IDLE.withGpu(0.75, BreakerState.CLOSED)).reason()).isEqualTo(RoutingReason.WITHIN_CAPACITY);
        assertThat(policy.decide(IDLE.withGpu(0.89, BreakerState.CLOSED)).reason()).isEqualTo(RoutingReason.WITHIN_CAPACITY);
    }

    @Test
    void decide_whenOverflowBacklogClearsOnlyPartially_keepsQueueingLocallyUntilLowMark() {
        RoutingPolicy policy = new RoutingPolicy(T, SpillMode.HYBRID);
        LoadSnapshot saturated = IDLE.withInFlight(10);

        assertThat(policy.decide(saturated.withOverflowQueue(500, Duration.ZERO)).route()).isEqualTo(Route.BASELINE);
        assertThat(policy.decide(saturated.withOverflowQueue(300, Duration.ZERO)).route()).isEqualTo(Route.BASELINE);
        assertThat(policy.decide(saturated.withOverflowQueue(250, Duration.ZERO)).route()).isEqualTo(Route.OVERFLOW);
    }

    @Test
    void decide_whenCpuHoversBetweenMarks_staysSpilledThenRecovers() {
        RoutingPolicy policy = new RoutingPolicy(T, SpillMode.HYBRID);

        assertThat(policy.decide(IDLE.withCpu(0.80)).route()).isEqualTo(Route.OVERFLOW);
        assertThat(policy.decide(IDLE.withCpu(0.70)).route()).isEqualTo(Route.OVERFLOW);
        assertThat(policy.decide(IDLE.withCpu(0.65)).route()).isEqualTo(Route.BASELINE);
    }

    @Test
    void decide_whenShedForBacklog_retryAfterFollowsOldestMessageAgeWithinBounds() {
        RoutingPolicy policy = new RoutingPolicy(T, SpillMode.OVERFLOW_ONLY);

        RoutingDecision young = policy.decide(IDLE.withOverflowQueue(600, Duration.ofSeconds(1)));
        RoutingDecision old = new RoutingPolicy(T, SpillMode.OVERFLOW_ONLY).decide(IDLE.withOverflowQueue(600, Duration.ofSeconds(12)));
        RoutingDecision ancient = new RoutingPolicy(T, SpillMode.OVERFLOW_ONLY).decide(IDLE.withOverflowQueue(600, Duration.ofMinutes(5)));

        assertThat(((RoutingDecision.Shed) young).retryAfter()).isEqualTo(T.shedRetryAfter());
        assertThat(((RoutingDecision.Shed) old).retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(((RoutingDecision.Shed) ancient).retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void route_wireNames_areLowerCase() {
        assertThat(Route.BASELINE.wireName()).isEqualTo("baseline");
        assertThat(Route.fromWireName("overflow")).isEqualTo(Route.OVERFLOW);
        assertThat(Route.fromWireName("OVERFLOW")).isNull();
    }
}
