package com.mangaassist.planner.sim;

import com.mangaassist.planner.config.PlannerConfig.GpuTierSettings;
import com.mangaassist.planner.config.PlannerInputException;
import com.mangaassist.shared.breaker.BreakerListener;
import com.mangaassist.shared.breaker.OomCircuitBreaker;
import com.mangaassist.shared.budget.AssembledPrompt;
import com.mangaassist.shared.budget.BudgetRequest;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.capacity.CapacityEstimate;
import com.mangaassist.shared.capacity.CapacityInputs;
import com.mangaassist.shared.capacity.GpuCapacityModel;
import com.mangaassist.shared.capacity.GpuSpec;
import com.mangaassist.shared.capacity.ModelSpec;
import com.mangaassist.shared.capacity.WeightFormat;
import com.mangaassist.shared.contract.ScalingTargets;
import com.mangaassist.shared.routing.BreakerState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One SageMaker endpoint (a model tier): its instances, LEAST_OUTSTANDING_REQUESTS routing (the
 * CDK's routing strategy), the readiness gate, target tracking on ConcurrentRequestsPerModel with
 * the CDK's target and cooldowns ({@link ScalingTargets}), the OOM escalation's step scale-out,
 * instance failures with SageMaker's replacement, and a release's blue/green update (during which
 * Application Auto Scaling is blocked).
 */
public final class GpuFleet {

    private final String name;
    private final GpuTierSettings settings;
    private final EventLoop loop;
    private final ContextBudgetManager budget;
    private final SplittableRandom random;
    private final CapacityEstimate capacity;
    private final TargetTracking scaling;
    private final List<GpuInstance> instances = new ArrayList<>();
    /** A release's new fleet while it starts and the canary bakes: billed, taking no traffic until the shift. */
    private final List<GpuInstance> green = new ArrayList<>();
    /** While a release's update runs, nothing scales the variant (SageMaker blocks Application Auto Scaling). */
    private boolean updating;
    /** Requests that arrived when no instance took traffic: they wait for the first to come up. */
    private final ArrayDeque<Waiter> unplaced = new ArrayDeque<>();
    private final FleetStats stats = new FleetStats();
    private int min;
    private int max;
    private int desired;
    private int nextId;
    private double lastOomStep = Double.NEGATIVE_INFINITY;

    /** The pipeline drops a conversation's session when its instance reports this share of its batch in use (ConversationAffinity). */
    static final double AFFINITY_DROP_AT = 0.9;
    /** vLLM caches whole KV blocks of 16 tokens. */
    static final int BLOCK_TOKENS = 16;

    private boolean affinity;

    /** Whether conversations keep a stateful session on the instance that holds their prefix (ADR 0040). */
    GpuFleet affinity(boolean value) {
        affinity = value;
        return this;
    }

    public GpuFleet(String name, GpuTierSettings settings, int min, int max, EventLoop loop, ContextBudgetManager budget, long seed) {
        this.name = name;
        this.settings = settings;
        this.loop = loop;
        this.budget = budget;
        this.random = new SplittableRandom(seed);
        this.min = min;
        this.max = max;
        this.capacity = GpuCapacityModel.estimate(inputs(name, settings));
        if (capacity.kvBlocks() == 0) {
            throw new PlannerInputException("gpu." + name + ": " + settings.model() + " in " + settings.weightFormat() + " leaves no KV cache on "
                    + settings.tensorParallelSize() + " " + settings.gpu() + " (GpuCapacityModel); choose a larger GPU, more of them "
                    + "(tensorParallelSize) or smaller weights.");
        }
        // The tier's own target, as the CDK app sets it: 75 % of its batch limit.
        this.scaling = new TargetTracking(ScalingTargets.gpuConcurrentRequestsTarget(settings.maxNumSeqs()), settings.metricPeriodSeconds(),
                settings.scaleOutDatapoints(), settings.scaleInDatapoints(), ScalingTargets.GPU_SCALE_OUT_COOLDOWN,
                ScalingTargets.GPU_SCALE_IN_COOLDOWN);
        // The endpoint is created with min instances, all warm before the run starts (as after a deploy).
        for (int i = 0; i < min; i++) {
            double start = settings.instanceStartSeconds();
            GpuInstance instance = newInstance(loop.now() - start, start, start);
            instance.state = GpuInstance.State.UP;
        }
        desired = min;
    }

    public static CapacityInputs inputs(String name, GpuTierSettings settings) {
        try {
            return CapacityInputs.of(GpuSpec.named(settings.gpu()), ModelSpec.named(settings.model()),
                    WeightFormat.valueOf(settings.weightFormat().toUpperCase(Locale.ROOT).replace('-', '_')))
                    .withTensorParallel(settings.tensorParallelSize());
        } catch (IllegalArgumentException e) {
            throw new PlannerInputException("gpu." + name + ": " + e.getMessage() + ".", e);
        }
    }

    public String name() {
        return name;
    }

    public GpuTierSettings settings() {
        return settings;
    }

    public CapacityEstimate capacity() {
        return capacity;
    }

    public FleetStats stats() {
        return stats;
    }

    /**
     * Routes a request to the instance with the fewest outstanding requests among those taking
     * traffic; with affinity, a conversation's turn goes to the instance holding its prefix (its
     * stateful session) unless that instance left service or is saturated (the pipeline drops the
     * session at {@value #AFFINITY_DROP_AT} of the batch, ADR 0040).
     */
    void submit(InferenceRequest request) {
        GpuInstance best = null;
        if (affinity && request.conversation() != null && request.conversation().prefixHolder instanceof GpuInstance held
                && instances.contains(held) && takesTraffic(held)
                && (held.running + held.waiting()) < AFFINITY_DROP_AT * settings.maxNumSeqs()) {
            stats.sessionRouted++;
            held.enqueue(request);
            admit(held);
            return;
        }
        for (GpuInstance instance : instances) {
            if (takesTraffic(instance) && (best == null || instance.outstanding() < best.outstanding())) {
                best = instance;
            }
        }
        if (best == null) {
            stats.unplaced++;
            unplaced.addLast(new Waiter(request, loop.now()));
            if (desired == 0) {
                // Scale from zero: the first request is what asks for an instance.
                setDesired(1);
            }
            return;
        }
        best.enqueue(request);
        admit(best);
    }

    private boolean takesTraffic(GpuInstance instance) {
        double now = loop.now();
        return instance.state == GpuInstance.State.UP && now >= (settings.readinessGate() ? instance.warmAt : instance.upAt);
    }

    private void admit(GpuInstance instance) {
        while (instance.running < settings.maxNumSeqs() && instance.peekWaiting() != null) {
            InferenceRequest head = instance.peekWaiting();
            OomCircuitBreaker.Permit permit = instance.breaker.acquire();
            int prompt = head.promptTokens();
            int output = head.outputTokens();
            if (permit.reduced()) {
                // The gpu-endpoint re-fits the prompt into the reduced window while its breaker is open.
                BudgetRequest b = head.budget();
                AssembledPrompt reduced = budget.assemble(new BudgetRequest(b.systemPrompt(), Math.min(b.outputReserve(), permit.maxOutput()),
                        b.query(), b.ragContext(), b.history(), b.contextWindow(), permit.ceiling()));
                prompt = reduced.promptTokens();
                output = Math.max(1, Math.min(output, reduced.outputTokens()));
                stats.reducedContext++;
            }
            long blocks = instance.blocksFor(prompt + output);
            if (blocks > instance.kvBlocks()) {
                // Longer than the whole cache: vLLM refuses it outright.
                instance.pollWaiting();
                instance.breaker.onOtherFailure(permit);
                stats.errors++;
                head.listener().onError(loop.now(), "longer than the KV cache");
                continue;
            }
            if (blocks > instance.freeBlocks) {
                instance.breaker.onOtherFailure(permit);
                return;
            }
            instance.pollWaiting();
            start(instance, head, permit, prompt, output, blocks);
        }
    }

    private void start(GpuInstance instance, InferenceRequest request, OomCircuitBreaker.Permit permit, int prompt, int output, long blocks) {
        double now = loop.now();
        instance.running++;
        instance.freeBlocks -= blocks;
        boolean cold = !instance.warm(now);
        if (cold) {
            stats.coldHits++;
        }
        // vLLM's prefix cache: the leading whole blocks this instance still holds from the conversation's previous prompt
        // are not prefilled again. Eviction is not modelled (a session's conversation comes back within minutes).
        int cached = 0;
        Conversation conversation = request.conversation();
        if (conversation != null) {
            if (conversation.prefixHolder == instance) {
                cached = Math.min(request.reusablePrefix(), prompt) / BLOCK_TOKENS * BLOCK_TOKENS;
            }
            conversation.prefixHolder = instance;
        }
        stats.promptTokens += prompt;
        stats.cachedPromptTokens += cached;
        double prefill = (prompt - cached) / settings.prefillTokensPerSecond() + (cold ? settings.coldPenaltyMs() / 1000.0 : 0);
        if (prompt > settings.oomPromptTokens() && settings.oomProbability() > 0 && random.nextDouble() < settings.oomProbability()) {
            instance.inFlight.add(request);
            loop.after(prefill, () -> {
                if (instance.state == GpuInstance.State.GONE) {
                    return;
                }
                instance.inFlight.remove(request);
                release(instance, blocks);
                stats.ooms++;
                instance.breaker.onOutOfMemory(permit);
                request.listener().onError(loop.now(), "GPU out of memory");
                admit(instance);
            });
            return;
        }
        double step = settings.itlBaseMs() / 1000.0 * (1 + settings.batchSlowdown() * (instance.running - 1));
        loop.after(prefill, () -> {
            if (instance.state == GpuInstance.State.GONE) {
                return;
            }
            request.listener().onFirstToken(loop.now(), cold);
            loop.after(step * (output - 1), () -> {
                if (instance.state == GpuInstance.State.GONE) {
                    return;
                }
                instance.inFlight.remove(request);
                release(instance, blocks);
                instance.breaker.onSuccess(permit);
                stats.completed++;
                request.listener().onComplete(loop.now());
                admit(instance);
            });
        });
        instance.inFlight.add(request);
    }

    private void release(GpuInstance instance, long blocks) {
        instance.running--;
        instance.freeBlocks += blocks;
    }

    /** Called every second: the metric, scaling decisions, instances coming up or leaving. */
    void tick(double now) {
        int inService = 0;
        int outstanding = 0;
        for (GpuInstance instance : instances) {
            if (takesTraffic(instance)) {
                inService++;
                outstanding += instance.outstanding();
            }
            if (instance.state == GpuInstance.State.PROVISIONING && now >= instance.upAt) {
                instance.state = GpuInstance.State.UP;
            }
            if (instance.state == GpuInstance.State.DRAINING && instance.running == 0 && now >= instance.retainedUntil) {
                instance.state = GpuInstance.State.GONE;
            }
        }
        for (GpuInstance instance : green) {
            if (instance.state == GpuInstance.State.PROVISIONING && now >= instance.upAt) {
                instance.state = GpuInstance.State.UP;
            }
        }
        instances.removeIf(i -> i.state == GpuInstance.State.GONE);
        placeUnplaced();
        scaling.sample(now, inService == 0 ? (outstanding + unplaced.size() > 0 ? ScalingTargets.gpuConcurrentRequestsTarget(settings.maxNumSeqs()) * 2 : 0)
                : (double) outstanding / inService);
        if (updating) {
            return; // the metric still flows; no scaling action may run until the update ends
        }
        int wanted = scaling.desired(now, desired, min, max);
        if (wanted != desired) {
            setDesired(wanted);
        }
    }

    private void placeUnplaced() {
        while (!unplaced.isEmpty() && instances.stream().anyMatch(this::takesTraffic)) {
            Waiter waiter = unplaced.pollFirst();
            stats.longestUnplacedWait = Math.max(stats.longestUnplacedWait, loop.now() - waiter.since);
            submit(waiter.request);
        }
    }

    private void setDesired(int wanted) {
        double now = loop.now();
        while (live() < wanted) {
            newInstance(now, settings.containerUpSeconds(), settings.instanceStartSeconds());
            stats.launched++;
        }
        int excess = live() - wanted;
        while (excess-- > 0) {
            GpuInstance idlest = null;
            for (GpuInstance instance : instances) {
                if (instance.state == GpuInstance.State.UP && (idlest == null || instance.outstanding() < idlest.outstanding())) {
                    idlest = instance;
                }
            }
            if (idlest == null) {
                break;
            }
            idlest.state = GpuInstance.State.DRAINING;
            for (InferenceRequest request : idlest.drainWaiting()) {
                submit(request);
            }
        }
        desired = wanted;
    }

    private int live() {
        int live = 0;
        for (GpuInstance instance : instances) {
            if (instance.state == GpuInstance.State.UP || instance.state == GpuInstance.State.PROVISIONING) {
                live++;
            }
        }
        return live;
    }

    private GpuInstance newInstance(double now, double upAfter, double warmAfter) {
        GpuInstance instance = createInstance(now, upAfter, warmAfter);
        instances.add(instance);
        return instance;
    }

    private GpuInstance createInstance(double now, double upAfter, double warmAfter) {
        return new GpuInstance(nextId++, now, upAfter, warmAfter, capacity, loop, new BreakerListener() {
            @Override
            public void onTransition(BreakerState from, BreakerState to) {
                if (to == BreakerState.OPEN) {
                    stats.breakerTrips++;
                }
            }

            @Override
            public void onEscalation(int trips) {
                oomStep();
            }
        });
    }

    /**
     * A release reaches the endpoint: SageMaker's blue/green update as the CDK deploys it. The green
     * fleet ({@code count} decides its size) provisions and warms while the blue one serves; after
     * the canary's bake all traffic shifts to green (the canary's share before that is not
     * modelled); the blue fleet finishes its sequences and stays billed for the termination wait,
     * when the update ends. Autoscaling, target tracking and the OOM step alike, is blocked from
     * the start of the update to its end.
     */
    public void release(VariantCountOnUpdate count) {
        if (updating) {
            throw new IllegalStateException("gpu." + name + " is already being updated: SageMaker refuses a second update");
        }
        double now = loop.now();
        int size = count == VariantCountOnUpdate.RETAINED ? desired : min;
        updating = true;
        for (int i = 0; i < size; i++) {
            green.add(createInstance(now, settings.containerUpSeconds(), settings.instanceStartSeconds()));
            stats.launched++;
        }
        loop.at(now + settings.instanceStartSeconds() + ScalingTargets.GPU_UPDATE_CANARY_WAIT.toSeconds(), () -> shiftToGreen(size));
    }

    private void shiftToGreen(int size) {
        double now = loop.now();
        double terminated = now + ScalingTargets.GPU_UPDATE_TERMINATION_WAIT.toSeconds();
        List<GpuInstance> blue = new ArrayList<>(instances);
        instances.addAll(green);
        green.clear();
        for (GpuInstance instance : blue) {
            if (instance.state == GpuInstance.State.UP || instance.state == GpuInstance.State.PROVISIONING) {
                instance.state = GpuInstance.State.DRAINING;
                instance.retainedUntil = terminated;
                for (InferenceRequest request : instance.drainWaiting()) {
                    submit(request);
                }
            }
        }
        desired = size;
        loop.at(terminated, () -> updating = false);
    }

    /** Whether a release's update is running (autoscaling is blocked meanwhile). */
    boolean updating() {
        return updating;
    }

    /** The OOM escalation alarm's step policy: one more instance, then its cooldown. */
    private void oomStep() {
        double now = loop.now();
        if (!updating && now - lastOomStep >= ScalingTargets.GPU_OOM_STEP_COOLDOWN.toSeconds() && desired < max) {
            lastOomStep = now;
            scaling.noteScaleOut(now);
            stats.oomSteps++;
            setDesired(desired + 1);
        }
    }

    /** Kills one serving instance now (a hardware fault); SageMaker replaces it, which takes a full start. */
    public void failInstance() {
        double now = loop.now();
        for (GpuInstance instance : instances) {
            if (instance.state == GpuInstance.State.UP) {
                instance.state = GpuInstance.State.GONE;
                stats.failures++;
                List<InferenceRequest> lost = new ArrayList<>(instance.inFlight);
                lost.addAll(instance.drainWaiting());
                instance.inFlight.clear();
                for (InferenceRequest request : lost) {
                    stats.errors++;
                    request.listener().onError(now, "GPU instance failed");
                }
                newInstance(now, settings.containerUpSeconds(), settings.instanceStartSeconds());
                stats.launched++;
                break;
            }
        }
    }

    /** Endpoint load as the orchestrator reads it: outstanding requests over what the serving instances run at once. */
    double saturation() {
        int serving = 0;
        int outstanding = unplaced.size();
        for (GpuInstance instance : instances) {
            if (takesTraffic(instance)) {
                serving++;
                outstanding += instance.outstanding();
            }
        }
        if (serving == 0) {
            return outstanding > 0 || desired > 0 ? 10 : 0;
        }
        return (double) outstanding / (serving * (double) settings.maxNumSeqs());
    }

    /** The breaker state the orchestrator last heard: that of the instance its last answer came from. */
    BreakerState reportedBreaker() {
        int serving = 0;
        for (GpuInstance instance : instances) {
            if (takesTraffic(instance)) {
                serving++;
            }
        }
        if (serving == 0) {
            return BreakerState.CLOSED;
        }
        int pick = random.nextInt(serving);
        for (GpuInstance instance : instances) {
            if (takesTraffic(instance) && pick-- == 0) {
                return instance.breaker.state();
            }
        }
        return BreakerState.CLOSED;
    }

    int serving() {
        int serving = 0;
        for (GpuInstance instance : instances) {
            if (takesTraffic(instance)) {
                serving++;
            }
        }
        return serving;
    }

    /** Instances billed now: every one from provisioning until it is gone. */
    int billed() {
        int billed = 0;
        for (GpuInstance instance : instances) {
            if (instance.provisionedAt <= loop.now()) {
                billed++;
            }
        }
        return billed + green.size();
    }

    private record Waiter(InferenceRequest request, double since) {
    }

    /** What the fleet did over the run. */
    public static final class FleetStats {
        /** Prompt tokens started, and of those found in the instance's prefix cache. */
        public long promptTokens;
        public long cachedPromptTokens;
        /** Requests a stateful session sent to the instance holding their prefix. */
        public long sessionRouted;
        public long completed;
        public long errors;
        public long ooms;
        public long breakerTrips;
        public long reducedContext;
        public long coldHits;
        public long unplaced;
        public double longestUnplacedWait;
        public long launched;
        public long oomSteps;
        public long failures;
    }
}
