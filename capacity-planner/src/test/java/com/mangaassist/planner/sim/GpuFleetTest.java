package com.mangaassist.planner.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.planner.TestConfigs;
import com.mangaassist.shared.budget.BudgetPolicy;
import com.mangaassist.shared.budget.BudgetRequest;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.budget.PromptPart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuFleetTest {

    private final EventLoop loop = new EventLoop();
    private final ContextBudgetManager budget = new ContextBudgetManager(JtokkitTokenCounter.withDefaults(), BudgetPolicy.defaults());
    private final List<String> events = new ArrayList<>();

    @Test
    void submit_whenAlone_takesPrefillThenOneStepPerToken() {
        // 100 prompt tokens at 1,000 tokens/s, then 10 more tokens at 10 ms: first token at 0.1 s, done at 0.2 s.
        GpuFleet fleet = fleet(1, 0, 0);

        fleet.submit(request("a", 100, 11));
        loop.runUntil(10);

        assertThat(events).containsExactly("a first 0.100", "a done 0.200");
    }

    @Test
    void submit_whenInstancesBusy_routesToLeastOutstandingThenQueuesInOrder() {
        GpuFleet fleet = fleet(1, 0, 0);

        fleet.submit(request("a", 100, 11));
        fleet.submit(request("b", 100, 11));
        fleet.submit(request("c", 100, 11));
        loop.runUntil(10);

        // a and b on one instance each; c waits for a's sequence slot (max-num-seqs 1) and starts at 0.2 s.
        assertThat(events).containsExactly("a first 0.100", "b first 0.100", "a done 0.200", "b done 0.200", "c first 0.300", "c done 0.400");
    }

    @Test
    void submit_whenBatched_slowsEachStepByTheBatch() {
        // Two sequences at once on one instance with slowdown 0.5: steps of 10 ms x (1 + 0.5 x 1) = 15 ms for the second.
        GpuFleet fleet = new GpuFleet("small", TestConfigs.tier(8, 1000, 10, 0.5, true, 0), 2, 2, loop, budget, 1);
        fleet.submit(request("a", 100, 11));
        fleet.submit(request("b", 100, 11));
        fleet.submit(request("c", 100, 11));
        loop.runUntil(10);

        assertThat(events).contains("c first 0.100", "c done 0.250");
    }

    @Test
    void failInstance_whenServing_errorsItsTurnsAndReplacesItColdBehindTheReadinessGate() {
        GpuFleet fleet = fleet(1, 0, 0);
        fleet.submit(request("a", 100, 11));
        fleet.failInstance();

        assertThat(events).containsExactly("a error GPU instance failed");
        assertThat(fleet.serving()).isEqualTo(1);
        assertThat(fleet.stats().launched).isEqualTo(1);
        for (int t = 1; t <= 125; t++) {
            loop.runUntil(t);
            fleet.tick(t);
            assertThat(fleet.serving()).as("at %d s", t).isEqualTo(t < 120 ? 1 : 2);
        }
        assertThat(fleet.stats().coldHits).isZero();
    }

    @Test
    void failInstance_withoutReadinessGate_servesFromContainerStartWithTheColdPenalty() {
        GpuFleet fleet = new GpuFleet("small", TestConfigs.tier(1, 1000, 10, 0, false, 0), 1, 2, loop, budget, 1);
        fleet.failInstance();
        for (int t = 1; t <= 50; t++) {
            loop.runUntil(t);
            fleet.tick(t);
        }
        // Up at 45 s, warm only at 120 s: a request now pays the 3 s cold penalty on top of its prefill.
        fleet.submit(request("a", 100, 11));
        loop.runUntil(60);

        assertThat(events).containsExactly("a first 53.100", "a done 53.200");
        assertThat(fleet.stats().coldHits).isEqualTo(1);
    }

    @Test
    void submit_whenOomsRepeat_opensTheServicesBreakerReducesContextAndStepsOut() {
        GpuFleet fleet = new GpuFleet("small", TestConfigs.tier(4, 1000, 10, 0, true, 1.0), 2, 4, loop, budget, 1);
        fleet.submit(request("a", 100, 11));
        loop.runUntil(1);
        fleet.submit(request("b", 100, 11));
        fleet.submit(request("c", 100, 11));
        loop.runUntil(2);

        assertThat(events).allMatch(e -> e.endsWith("GPU out of memory"));
        assertThat(fleet.stats().breakerTrips).isGreaterThanOrEqualTo(2);
        assertThat(fleet.stats().reducedContext).isGreaterThanOrEqualTo(1);
        // Two trips within 5 minutes on one instance: the OOM escalation's step policy adds one.
        assertThat(fleet.stats().oomSteps).isEqualTo(1);
        assertThat(fleet.stats().launched).isEqualTo(1);
    }

    @Test
    void release_whenTheVariantsCountIsRetained_keepsTheScaledOutFleetThroughTheUpdate() {
        GpuFleet fleet = scaledOutToFourUnderLoad();

        fleet.release(VariantCountOnUpdate.RETAINED);

        // Green starts (120 s), the canary bakes (600 s), traffic shifts at 920 s; blue stays for the termination wait (600 s).
        for (int t = 201; t <= 1600; t++) {
            advance(fleet, t);
            assertThat(fleet.serving()).as("at %d s", t).isEqualTo(4);
            assertThat(fleet.updating()).as("at %d s", t).isEqualTo(t < 1520);
        }
        assertThat(fleet.stats().launched).isEqualTo(2 + 4);
    }

    @Test
    void release_whenTheConfigsInitialCountApplies_shrinksToTheMinimumUntilTheUpdateEndsAndScalingMayRun() {
        GpuFleet fleet = scaledOutToFourUnderLoad();

        fleet.release(VariantCountOnUpdate.INITIAL_COUNT);

        for (int t = 201; t < 1520; t++) {
            advance(fleet, t);
            assertThat(fleet.serving()).as("at %d s", t).isEqualTo(t < 920 ? 4 : 2);
        }
        // Overloaded all along, but nothing could scale until the update ended at 1,520 s; then target tracking brings it back.
        for (int t = 1520; t <= 1800; t++) {
            advance(fleet, t);
        }
        assertThat(fleet.serving()).isEqualTo(4);
    }

    @Test
    void release_whileAnUpdateRuns_isRefusedAsSageMakerRefusesIt() {
        GpuFleet fleet = fleet(1, 0, 0);
        fleet.release(VariantCountOnUpdate.RETAINED);

        assertThatThrownBy(() -> fleet.release(VariantCountOnUpdate.RETAINED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already being updated");
    }

    /** Two instances, one sequence each, 400 requests of 30 s queued: target tracking scales out to the ceiling of 4, warm at 200 s. */
    private GpuFleet scaledOutToFourUnderLoad() {
        GpuFleet fleet = fleet(1, 0, 0);
        for (int i = 0; i < 400; i++) {
            fleet.submit(request("r" + i, 100, 3001));
        }
        for (int t = 1; t <= 200; t++) {
            advance(fleet, t);
        }
        assertThat(fleet.serving()).isEqualTo(4);
        return fleet;
    }

    private void advance(GpuFleet fleet, int t) {
        loop.runUntil(t);
        fleet.tick(t);
    }

    @Test
    void capacity_comesFromTheGpuEndpointsModel() {
        GpuFleet fleet = fleet(64, 0, 0);

        // A10G 24 GB, Llama-3-8B AWQ: docs/gpu-capacity.md's row, from GpuCapacityModel.
        assertThat(fleet.capacity().kvTokens()).isEqualTo(com.mangaassist.shared.capacity.GpuCapacityModel.estimate(
                GpuFleet.inputs("small", fleet.settings())).kvTokens()).isPositive();
    }

    @Test
    void submit_withAffinity_sendsAConversationsFollowUpToItsInstanceWhichSkipsTheSharedPrefill() {
        // Prefill at 1,000 tokens/s: a 1,000-token prompt takes 1 s, of which the 800 tokens the previous prompt began with are cached.
        GpuFleet fleet = fleet(8, 0, 0).affinity(true);
        Conversation conversation = new Conversation();
        fleet.submit(request("first", 600, 11, conversation, 0));
        loop.runUntil(5);
        // Another conversation's turn is in flight on the same instance: least-outstanding routing would send the follow-up elsewhere.
        fleet.submit(request("other", 100, 500, new Conversation(), 0));
        fleet.submit(request("follow-up", 1_000, 11, conversation, 800));
        loop.runUntil(10);

        assertThat(events).contains("follow-up first 5.200");
        assertThat(fleet.stats().cachedPromptTokens).isEqualTo(800);
        assertThat(fleet.stats().sessionRouted).isEqualTo(1);
    }

    @Test
    void submit_withoutAffinity_aFollowUpThatLandsElsewherePaysTheWholePrefill() {
        GpuFleet fleet = fleet(8, 0, 0);
        Conversation conversation = new Conversation();
        fleet.submit(request("first", 600, 11, conversation, 0));
        loop.runUntil(5);
        fleet.submit(request("other", 100, 500, new Conversation(), 0));
        fleet.submit(request("follow-up", 1_000, 11, conversation, 800));
        loop.runUntil(10);

        assertThat(events).contains("follow-up first 6.000");
        assertThat(fleet.stats().cachedPromptTokens).isZero();
    }

    private GpuFleet fleet(int maxNumSeqs, double slowdown, double oom) {
        return new GpuFleet("small", TestConfigs.tier(maxNumSeqs, 1000, 10, slowdown, true, oom), 2, 4, loop, budget, 1);
    }

    private InferenceRequest request(String name, int prompt, int output) {
        return request(name, prompt, output, null, 0);
    }

    private InferenceRequest request(String name, int prompt, int output, Conversation conversation, int reusablePrefix) {
        BudgetRequest b = BudgetRequest.builder().systemPrompt(PromptPart.EMPTY).query(new PromptPart("q", prompt)).outputReserve(output)
                .contextWindow(4096).build();
        return new InferenceRequest(prompt, output, b, conversation, reusablePrefix, new InferenceRequest.Listener() {
            @Override
            public void onFirstToken(double time, boolean cold) {
                events.add(String.format(java.util.Locale.ROOT, "%s first %.3f", name, time));
            }

            @Override
            public void onComplete(double time) {
                events.add(String.format(java.util.Locale.ROOT, "%s done %.3f", name, time));
            }

            @Override
            public void onError(double time, String reason) {
                events.add(name + " error " + reason);
            }
        });
    }
}
