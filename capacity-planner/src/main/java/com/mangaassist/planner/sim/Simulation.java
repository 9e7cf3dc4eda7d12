package com.mangaassist.planner.sim;

import com.mangaassist.planner.config.PlannerConfig;
import com.mangaassist.planner.config.PriceTable;
import com.mangaassist.planner.traffic.PreRollSource;
import com.mangaassist.planner.traffic.TraceTurn;
import com.mangaassist.planner.traffic.TurnSource;
import com.mangaassist.shared.budget.AssembledPrompt;
import com.mangaassist.shared.budget.BudgetPolicy;
import com.mangaassist.shared.budget.BudgetRequest;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.model.ComplexityEstimator;
import com.mangaassist.shared.model.ModelRoutingTable;
import com.mangaassist.shared.model.ModelSelection;
import com.mangaassist.shared.model.ModelSelector;
import com.mangaassist.shared.routing.DegradeHint;
import com.mangaassist.shared.routing.LoadSnapshot;
import com.mangaassist.shared.routing.RoutingDecision;
import com.mangaassist.shared.routing.RoutingThresholds;
import com.mangaassist.shared.routing.TurnPlacement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run of the deployed platform over a traffic source. Each turn goes the way it goes in AWS:
 * API Gateway (connection, throttle) → an orchestrator task, which routes it with the services'
 * {@code RoutingPolicy} on a {@code LoadSnapshot} of what that task knows → on the baseline, the
 * task's overhead, then retrieval inside its deadline (the grounding of ADR 0030), then
 * {@code ModelSelector} and {@code ContextBudgetManager} pick the tier and fit the prompt, then the
 * tier's SageMaker endpoint; spilled, SQS and the overflow function, which runs the same pipeline,
 * retrieval included; shed, a busy reply the client retries after {@code retryAfter} until it
 * gives up. Every turn ends answered, in an explicit error, or given up; none is dropped silently.
 * This class is the turn's path and the clock that ticks every part once a second; each part keeps
 * its own state ({@link ApiGateway}, {@link FargateService}, {@link OverflowPath}, {@link GpuFleet},
 * {@link CostAccrual}, {@link MinuteSeries}).
 */
public final class Simulation {

    /** How long after the last offered turn a run waits for answers before calling the rest unfinished. */
    static final double DRAIN_LIMIT_SECONDS = 1800;

    /**
     * Seconds of the traffic's opening played before measurement, so a run starts in steady state
     * (autoscaled to its opening load) rather than from the deployment's minimum.
     */
    public static final double PRE_ROLL_SECONDS = 600;

    private final PlannerConfig config;
    private final EventLoop loop;
    private final double preRoll;
    private final MinuteSeries minutes = new MinuteSeries();
    private final ApiGateway gateway;
    /** What admission tells a client it cannot place a turn for (the orchestrator's shed retry-after, one busy policy). */
    private final Duration busyRetryAfter;
    private final FargateService fargate;
    private final OverflowPath overflow;
    private final GpuFleet small;
    private final GpuFleet large;
    private final ModelSelector selector;
    private final ContextBudgetManager budget;
    private final PromptPart systemPrompt;
    /** The run's costs by service, for its result; {@link #billing} feeds it every second. */
    private final CostMeter costs;
    private final CostAccrual billing;
    /** {@code null} when the config turns retrieval off. */
    private final Retrieval retrieval;
    /** {@code null} when the config sets no token budget: a run without one keeps no per-principal state. */
    private final QuotaLedger quotas;
    private final SimulationListener listener;
    private final Map<String, Long> decisions = new TreeMap<>();
    private final List<Double> gpuFailures = new ArrayList<>();
    private final Map<Double, VariantCountOnUpdate> gpuReleases = new TreeMap<>();
    private TurnSource source;
    private boolean sourceDone;
    private long outstanding;
    private double lastOffered;
    private int peakAgenda;
    private double noWarmGpuSeconds;
    private double noWarmGpuWindow;
    private double longestNoWarmGpuWindow;

    public Simulation(PlannerConfig config, PriceTable prices, SimulationListener listener) {
        this(config, prices, listener, PRE_ROLL_SECONDS);
    }

    /** With {@code preRollSeconds} 0 the deployment meets the traffic exactly as configured (the cold-path experiments). */
    public Simulation(PlannerConfig config, PriceTable prices, SimulationListener listener, double preRollSeconds) {
        this.config = config;
        this.preRoll = preRollSeconds;
        this.loop = new EventLoop(-preRollSeconds);
        this.listener = listener;
        this.gateway = new ApiGateway(config.gateway());
        this.budget = new ContextBudgetManager(JtokkitTokenCounter.withDefaults(), BudgetPolicy.defaults());
        this.systemPrompt = new PromptPart("system", config.routing().systemPromptTokens());
        RoutingThresholds thresholds = thresholds(config);
        this.busyRetryAfter = thresholds.shedRetryAfter();
        long seed = config.traffic().seed();
        this.fargate = new FargateService(config.fargate(), thresholds, config.routing().spillMode(), loop, seed + 1);
        this.overflow = new OverflowPath(config.overflow(), loop);
        this.overflow.handler((message, delay, done) -> runOnOverflow((Turn) message, delay, done));
        PlannerConfig.GpuTierSettings smallTier = config.gpu().small();
        PlannerConfig.GpuTierSettings largeTier = config.gpu().large();
        this.small = new GpuFleet("small", smallTier, smallTier.minInstances(), smallTier.maxInstances(), loop, budget, seed + 2)
                .affinity(config.routing().affinity());
        this.large = largeTier.enabled() ? new GpuFleet("large", largeTier, largeTier.minInstances(), largeTier.maxInstances(), loop, budget, seed + 3)
                .affinity(config.routing().affinity()) : null;
        ModelRoutingTable table = ModelRoutingTable.defaults().withEndpoints("small", large == null ? null : "large");
        this.selector = new ModelSelector(table, new ComplexityEstimator());
        this.costs = new CostMeter(prices);
        this.retrieval = config.retrieval().enabled() ? new Retrieval(config.retrieval(), seed + 4) : null;
        this.quotas = config.quota().enabled() ? new QuotaLedger(config.quota(), config.traffic().startHour()) : null;
        this.billing = new CostAccrual(costs, config, fargate, small, large, overflow, gateway);
    }

    /** The services' default water marks, with the deployment's TTFT objective (as the orchestrator reads TTFT_SLA). */
    public static RoutingThresholds thresholds(PlannerConfig config) {
        return RoutingThresholds.defaults().toBuilder().ttftSla(Duration.ofMillis(config.routing().ttftSlaMillis())).build();
    }

    /** Fails one serving instance of the small tier at {@code atSeconds} (the cold-path experiments). */
    public Simulation failGpuInstanceAt(double atSeconds) {
        gpuFailures.add(atSeconds);
        return this;
    }

    /** Prompt tokens the GPU fleets found in their prefix caches, over all they started (after {@link #run}). */
    public double prefixCacheHitRate() {
        long prompt = small.stats().promptTokens + (large == null ? 0 : large.stats().promptTokens);
        long cached = small.stats().cachedPromptTokens + (large == null ? 0 : large.stats().cachedPromptTokens);
        return prompt == 0 ? 0 : (double) cached / prompt;
    }

    /** Prompt tokens the GPU fleets actually prefilled (after {@link #run}). */
    public long prefilledTokens() {
        return small.stats().promptTokens - small.stats().cachedPromptTokens
                + (large == null ? 0 : large.stats().promptTokens - large.stats().cachedPromptTokens);
    }

    /** Updates the small tier's endpoint with a release at {@code atSeconds} (the release-at-peak experiment). */
    public Simulation releaseGpuEndpointAt(double atSeconds, VariantCountOnUpdate count) {
        gpuReleases.put(atSeconds, count);
        return this;
    }

    public RunResult run(TurnSource turns) {
        long wallStart = System.nanoTime();
        this.source = preRoll > 0 ? new PreRollSource(turns, preRoll) : turns;
        for (double at : gpuFailures) {
            loop.at(at, small::failInstance);
        }
        gpuReleases.forEach((at, count) -> loop.at(at, () -> small.release(count)));
        scheduleNextArrival();
        loop.at(loop.now(), this::tick);
        double expected = turns.expectedSeconds();
        while (loop.runUntil(Double.POSITIVE_INFINITY)) {
            // runUntil returns only when the agenda is empty.
        }
        long unfinished = outstanding;
        // Connection time is billed once, at the end: only then is every connection's length known.
        costs.gateway(0, gateway.connectionSecondsAtEnd());
        MinuteStats total = minutes.total();
        GpuFleet.FleetStats smallStats = small.stats();
        long waited = smallStats.unplaced + (large == null ? 0 : large.stats().unplaced);
        double longestWait = Math.max(smallStats.longestUnplacedWait, large == null ? 0 : large.stats().longestUnplacedWait);
        long gpuErrors = smallStats.errors + (large == null ? 0 : large.stats().errors);
        long trips = smallStats.breakerTrips + (large == null ? 0 : large.stats().breakerTrips);
        long reduced = smallStats.reducedContext + (large == null ? 0 : large.stats().reducedContext);
        long gpuLaunched = smallStats.launched + (large == null ? 0 : large.stats().launched);
        listener.progress(loop.now(), Double.isNaN(expected) ? loop.now() : expected, loop.executed());
        return new RunResult(config, costs.prices(), minutes.minutes(), total, decisions, costs.byService(), loop.now(), loop.executed(),
                (System.nanoTime() - wallStart) / 1e9, unfinished, waited, longestWait, gpuErrors, trips, reduced, overflow.coldStarts,
                overflow.invocations, fargate.launched, gpuLaunched, gateway.peakConversations(), peakAgenda, noWarmGpuSeconds, longestNoWarmGpuWindow,
                quotas == null ? QuotaOutcome.NONE : quotas.outcome());
    }

    private void scheduleNextArrival() {
        TraceTurn next = source.next();
        if (next == null) {
            sourceDone = true;
            return;
        }
        loop.at(Math.max(loop.now(), next.at()), () -> {
            Turn turn = offer(next);
            scheduleNextArrival();
            arrive(turn);
        });
    }

    private Turn offer(TraceTurn trace) {
        double now = loop.now();
        lastOffered = now;
        MinuteStats minute = minutes.at(now);
        minute.offered++;
        outstanding++;
        Conversation conversation = gateway.conversation(trace.conversation());
        conversation.inFlight++;
        return new Turn(trace, conversation, now, minute);
    }

    private void arrive(Turn turn) {
        double now = loop.now();
        if (!gateway.admit(turn.conversation, now, turn.minute)) {
            retryLater(turn, config.client().throttledRetrySeconds());
            return;
        }
        OrchestratorTask task = fargate.pick();
        if (task == null) {
            busy(turn, busyRetryAfter);
            return;
        }
        GpuFleet fleet = small;
        LoadSnapshot snapshot = new LoadSnapshot(task.inFlight, fargate.settings().turnCapacity(), task.cpuUtilization(now),
                task.ttft.p99(), overflow.monitoredDepth(), overflow.monitoredOldestAge(),
                large == null ? fleet.saturation() : Math.max(fleet.saturation(), large.saturation()), fleet.reportedBreaker());
        RoutingDecision decided = task.policy.decide(snapshot);
        listener.routed(task.id, snapshot, decided);
        // Then what the task's admission does with it (TurnAdmission): a probe turn through a GPU shed, and the hard limits.
        boolean roomToRunHere = task.inFlight < fargate.settings().turnCapacity() + TurnPlacement.localQueueLimit(fargate.settings().turnCapacity());
        RoutingDecision decision = task.placement.place(decided, task.policy.degradeHint(), roomToRunHere, true);
        // As TurnAdmission: a shed answers busy first; any other decision is taken only if the principal's budget is not spent.
        if (!(decision instanceof RoutingDecision.Shed) && quotas != null && quotas.refuses(turn.trace.user(), now)) {
            refuseForQuota(turn);
            return;
        }
        decisions.merge(decision.reason().name().toLowerCase(java.util.Locale.ROOT) + " / " + decision.route().name().toLowerCase(java.util.Locale.ROOT),
                1L, Long::sum);
        if (decision instanceof RoutingDecision.Baseline baseline) {
            runOnBaseline(turn, task, baseline.degrade());
        } else if (decision instanceof RoutingDecision.Shed shed) {
            busy(turn, shed.retryAfter());
        } else {
            if (!turn.spilled) {
                turn.spilled = true;
                turn.minute.spilled++;
            }
            overflow.send(turn);
        }
    }

    private void runOnBaseline(Turn turn, OrchestratorTask task, DegradeHint degrade) {
        double now = loop.now();
        task.inFlight++;
        PlannerConfig.FargateSettings settings = fargate.settings();
        double utilization = Math.min(0.95, task.cpuUtilization(now));
        task.spendCpu(now, settings.cpuMsPerTurn() + (retrieval == null ? 0 : retrieval.embedCpuMs()));
        if (degrade != null) {
            turn.minute.degraded++;
        }
        double receivedAt = now;
        double grounding = ground(turn, 1 / (1 - utilization));
        // The task's own work before the model: ack, durable user turn, history, budget; slower on a busy CPU. Then
        // retrieval, inside its deadline, holding the turn's slot.
        loop.after(settings.overheadMs() / 1000.0 / (1 - utilization) + grounding, () -> infer(turn, degrade, new InferenceRequestListener(turn) {
            @Override
            public void onFirstToken(double time, boolean cold) {
                task.ttft.record(Duration.ofNanos((long) ((time - receivedAt) * 1e9)));
                super.onFirstToken(time, cold);
            }

            @Override
            void finished() {
                task.inFlight--;
            }
        }));
    }

    private void runOnOverflow(Turn turn, double startDelay, Runnable done) {
        // The function's own work per message, then the same retrieval: both inside the invocation's billed duration.
        double grounding = ground(turn, 1);
        loop.after(startDelay + config.overflow().perMessageMs() / 1000.0 + grounding, () -> infer(turn, null, new InferenceRequestListener(turn) {
            @Override
            void finished() {
                done.run();
            }
        }));
    }

    /**
     * The turn's retrieval before its model step: the seconds it waits (0 with retrieval off), at most the deadline; records the wait
     * and, past the deadline, the turn as ungrounded.
     */
    private double ground(Turn turn, double cpuSlowdown) {
        if (retrieval == null) {
            return 0;
        }
        Retrieval.Outcome outcome = retrieval.draw(cpuSlowdown);
        turn.minute.retrieval.record(outcome.waitedMillis());
        if (!outcome.grounded()) {
            turn.minute.ungrounded++;
        }
        return outcome.waitedMillis() / 1000;
    }

    /** The turn pipeline's model step: pick the tier, fit the prompt, call the endpoint. */
    private void infer(Turn turn, DegradeHint degrade, InferenceRequestListener listener) {
        TraceTurn trace = turn.trace;
        Conversation conversation = turn.conversation;
        ModelSelection model = selector.select(trace.locale(), new PromptPart(trace.query(), trace.tokensIn()), conversation.turns(), degrade);
        BudgetRequest request = BudgetRequest.builder().systemPrompt(systemPrompt).query(new PromptPart(trace.query(), trace.tokensIn()))
                .history(conversation.history()).outputReserve(model.maxOutputTokens()).contextWindow(model.contextWindow()).build();
        AssembledPrompt prompt = budget.assemble(request);
        int output = Math.max(1, Math.min(trace.tokensOut(), prompt.outputTokens()));
        turn.tokens = (long) prompt.promptTokens() + output;
        GpuFleet fleet = model.tier() == ModelTier.LARGE && large != null ? large : small;
        fleet.submit(new InferenceRequest(prompt.promptTokens(), output, request, conversation, reusablePrefix(prompt, conversation), listener));
    }

    /**
     * What this prompt shares with the conversation's previous one, as the gpu-endpoint lays prompts
     * out (system, history, references, question): the system prompt and the history before the
     * last exchange. A prompt whose window dropped turns shares only the system prompt (the history
     * now starts elsewhere).
     */
    private int reusablePrefix(AssembledPrompt prompt, Conversation conversation) {
        int system = prompt.systemPrompt().tokens();
        if (prompt.turnsDropped() > 0 || prompt.history().size() < 2) {
            return conversation.turns() == 0 ? 0 : system;
        }
        int history = 0;
        for (int i = 0; i < prompt.history().size() - 2; i++) {
            history += prompt.history().get(i).tokens();
        }
        return system + history;
    }

    /**
     * {@code quota_exceeded}: nothing stored, no GPU work, one error frame. The turn ends here; it is not a shed (even if an
     * earlier send of it was) nor a miss of the SLA. The client does not retry: the budget starts again only with the next window.
     */
    private void refuseForQuota(Turn turn) {
        turn.minute.refusedByQuota++;
        if (turn.shed) {
            turn.minute.shedTurns--;
        }
        gateway.failed();
        end(turn, false);
    }

    private void busy(Turn turn, Duration retryAfter) {
        turn.minute.busyReplies++;
        if (!turn.shed) {
            turn.shed = true;
            turn.minute.shedTurns++;
        }
        retryLater(turn, retryAfter.toMillis() / 1000.0);
    }

    private void retryLater(Turn turn, double seconds) {
        double at = loop.now() + seconds;
        if (at - turn.firstSendAt > config.client().giveUpSeconds()) {
            turn.minute.gaveUp++;
            turn.minute.ttft.recordNever();
            turn.minute.completion.recordNever();
            end(turn, false);
            return;
        }
        loop.at(at, () -> arrive(turn));
    }

    private void end(Turn turn, boolean answered) {
        outstanding--;
        turn.conversation.inFlight--;
        listener.turnEnded(turn.firstSendAt, turn.ttftMillis, answered, turn.spilled);
    }

    private void tick() {
        double now = loop.now();
        fargate.tick(now);
        overflow.tick(now);
        small.tick(now);
        if (large != null) {
            large.tick(now);
        }
        // Cold-path exposure: seconds in which turns were waiting and no warm GPU instance served them.
        if (outstanding > 0 && small.serving() == 0) {
            noWarmGpuSeconds++;
            noWarmGpuWindow++;
            longestNoWarmGpuWindow = Math.max(longestNoWarmGpuWindow, noWarmGpuWindow);
        } else {
            noWarmGpuWindow = 0;
        }
        if (now < 0) {
            // The pre-roll: the deployment settles; nothing is measured or billed.
            overflow.takePeak();
            // Accrued, then forgotten: billing's running totals move past the pre-roll's usage.
            billing.accrueSecond();
            costs.reset();
            gateway.forgetConnectionTime();
            loop.at(now + 1, this::tick);
            return;
        }
        minutes.capacity(now, fargate.servingCount(), overflow.takePeak(), small.serving() + (large == null ? 0 : large.serving()));
        minutes.cost(now, billing.accrueSecond());
        peakAgenda = Math.max(peakAgenda, loop.pending());
        if ((long) now % 60 == 0) {
            gateway.closeIdle(now);
        }
        listener.progress(now, source.expectedSeconds(), loop.executed());
        boolean draining = sourceDone && outstanding > 0 && now - lastOffered < DRAIN_LIMIT_SECONDS;
        if (!sourceDone || draining) {
            loop.at(now + 1, this::tick);
        }
    }

    /** Delivery of a turn's answer to its user: records latencies against the user's first send. */
    private abstract class InferenceRequestListener implements InferenceRequest.Listener {
        private final Turn turn;

        InferenceRequestListener(Turn turn) {
            this.turn = turn;
        }

        abstract void finished();

        @Override
        public void onFirstToken(double time, boolean cold) {
            double ttft = (time - turn.firstSendAt) * 1000 + gateway.deliveryMs();
            turn.firstToken = true;
            turn.ttftMillis = ttft;
            turn.minute.ttft.record(ttft);
            if (ttft <= config.routing().ttftSlaMillis()) {
                turn.minute.slaMet++;
            }
            if (cold) {
                turn.minute.coldHits++;
            }
        }

        @Override
        public void onComplete(double time) {
            turn.minute.answered++;
            turn.minute.completion.record((time - turn.firstSendAt) * 1000 + gateway.deliveryMs());
            gateway.answered(turn.trace.tokensOut());
            turn.conversation.append(turn.trace.tokensIn(), turn.trace.tokensOut());
            if (quotas != null) {
                // Charged as the answer is stored, in the window it is stored in (the closing write of ADR 0046).
                quotas.charge(turn.trace.user(), time, turn.tokens);
            }
            finished();
            end(turn, true);
        }

        @Override
        public void onError(double time, String reason) {
            turn.minute.errors++;
            if (!turn.firstToken) {
                turn.minute.ttft.recordNever();
            }
            turn.minute.completion.recordNever();
            gateway.failed();
            finished();
            end(turn, false);
        }
    }
}
