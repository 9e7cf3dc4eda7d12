package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.planner.TestConfigs;
import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.traffic.TrafficGenerator;
import com.mangaassist.shared.routing.LoadSnapshot;
import com.mangaassist.shared.routing.RoutingDecision;
import com.mangaassist.shared.routing.RoutingPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The planner must decide with the services' own classes, never with a copy that drifts. Two
 * checks: the simulation's compiled code calls each of them (a re-implementation would not), and
 * every routing decision it made is the one a fresh {@link RoutingPolicy}, as each task builds it,
 * makes on the same snapshots.
 */
class UsesServiceClassesTest {

    @Test
    void simulation_callsTheServicesClasses() throws IOException {
        assertCalls(Simulation.class, "com/mangaassist/shared/model/ModelSelector", "select");
        assertCalls(Simulation.class, "com/mangaassist/shared/budget/ContextBudgetManager", "assemble");
        assertCalls(OrchestratorTask.class, "com/mangaassist/shared/routing/RoutingPolicy", "<init>");
        assertCalls(Simulation.class, "com/mangaassist/shared/routing/RoutingPolicy", "decide");
        assertCalls(Simulation.class, "com/mangaassist/shared/routing/TurnPlacement", "place");
        assertCalls(OrchestratorTask.class, "com/mangaassist/shared/routing/TurnPlacement", "<init>");
        assertCalls(OrchestratorTask.class, "com/mangaassist/shared/routing/LatencyWindow", "<init>");
        assertCalls(GpuFleet.class, "com/mangaassist/shared/capacity/GpuCapacityModel", "estimate");
        assertCalls(GpuInstance.class, "com/mangaassist/shared/breaker/OomCircuitBreaker", "<init>");
        assertCalls(GpuFleet.class, "com/mangaassist/shared/breaker/OomCircuitBreaker", "acquire");
        assertCalls(GpuFleet.class, "com/mangaassist/shared/contract/ScalingTargets", "GPU_SCALE_IN_COOLDOWN");
        assertCalls(FargateService.class, "com/mangaassist/shared/contract/ScalingTargets", "ORCHESTRATOR_SCALE_IN_COOLDOWN");
    }

    @Test
    void run_decidesAsTheServicesRoutingPolicyDoesOnTheSameSnapshots() {
        PlannerConfig config = TestConfigs.withTraffic(PlannerConfig.defaults(), 100_000, 0.3, 600,
                List.of(new PlannerConfig.Spike(120, 10, 30, 200)));
        List<Object[]> seen = new ArrayList<>();
        SimulationListener recorder = new SimulationListener() {
            @Override
            public void routed(int task, LoadSnapshot snapshot, RoutingDecision decision) {
                seen.add(new Object[] {task, snapshot, decision});
            }
        };
        new Simulation(config, PriceTable.defaults(), recorder).run(new TrafficGenerator(config.traffic()));

        Map<Integer, RoutingPolicy> policies = new HashMap<>();
        Map<String, Integer> routes = new HashMap<>();
        for (Object[] entry : seen) {
            RoutingPolicy policy = policies.computeIfAbsent((Integer) entry[0],
                    id -> new RoutingPolicy(Simulation.thresholds(config), config.routing().spillMode()));
            RoutingDecision replayed = policy.decide((LoadSnapshot) entry[1]);
            assertThat(replayed).isEqualTo(entry[2]);
            routes.merge(replayed.route().name(), 1, Integer::sum);
        }
        // The drop reaches past what the GPU floor carries, so more than one route is exercised.
        assertThat(routes.keySet()).contains("BASELINE", "SHED");
    }

    private static void assertCalls(Class<?> type, String owner, String member) throws IOException {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        String constants;
        try (InputStream in = type.getResourceAsStream(resource)) {
            constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        // The class file's constant pool names the owner and the member of every call it makes (int
        // constants are inlined by javac, so the scaling targets are checked by their Duration cooldowns).
        assertThat(constants).as("%s refers to %s", type.getSimpleName(), owner).contains(owner);
        assertThat(constants).as("%s uses %s.%s", type.getSimpleName(), owner, member).contains(member);
    }
}
