package com.mangaassist.orchestrator.testing;

import com.mangaassist.orchestrator.admission.PrincipalLimits;
import com.mangaassist.orchestrator.admission.TokenBuckets;
import com.mangaassist.orchestrator.admission.TurnAdmission;
import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.load.GpuLoad;
import com.mangaassist.orchestrator.load.LoadTracker;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.orchestrator.metrics.SampleReservoir;
import com.mangaassist.orchestrator.overflow.OverflowPublisher;
import com.mangaassist.orchestrator.turn.TurnExecutor;
import com.mangaassist.pipeline.conversation.TieredHistoryLoader;
import com.mangaassist.pipeline.delivery.ReplyStreams;
import com.mangaassist.pipeline.redis.RedisLink;
import com.mangaassist.pipeline.testing.InMemoryConversationStore;
import com.mangaassist.pipeline.testing.RecordingConnectionSink;
import com.mangaassist.pipeline.testing.TestClock;
import com.mangaassist.pipeline.turn.TurnCommand;
import com.mangaassist.pipeline.turn.TurnIntake;
import com.mangaassist.pipeline.usage.TokenBudgets;
import com.mangaassist.pipeline.usage.TokenQuotas;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.pipeline.turn.TurnRunner;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.contract.MetricNames;
import com.mangaassist.shared.contract.TurnTimings;
import com.mangaassist.shared.routing.RoutingPolicy;
import com.mangaassist.shared.routing.RoutingThresholds;
import com.mangaassist.shared.routing.SpillMode;
import com.mangaassist.shared.routing.TurnPlacement;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An orchestrator task's admission path from its real classes, with the outside replaced at the
 * ports: connections are a recording sink, SQS a recording client, the conversation store in
 * memory, the turn pipeline a given {@link TurnRunner}, CPU a fixed reading. No emulator, no HTTP.
 */
public final class OrchestratorParts implements AutoCloseable {

    public final RecordingConnectionSink connections = new RecordingConnectionSink();
    public final RecordingSqsClient sqs = new RecordingSqsClient();
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final OrchestratorMetrics metrics = new OrchestratorMetrics(registry, new SampleReservoir(100));
    public final FrameSender frames;
    public final GpuLoad gpu;
    public final LoadTracker load;
    public final TurnExecutor executor;
    public final OverflowPublisher overflow;
    public final TokenBuckets rateLimiter;
    /** The per-caller limits: by default this task's own (no Redis), 100 messages at once, 100 a second. */
    public final PrincipalLimits principals;
    public final TurnAdmission admission;
    public final TestClock clock = new TestClock();
    public final InMemoryConversationStore store = new InMemoryConversationStore(clock, Duration.ofDays(90));
    public final TurnTimings timings = TurnTimings.defaults();
    public final TurnIntake intake;
    /** Budgets no test reaches unless it charges answers on purpose ({@link #DAILY_TOKENS} a day). */
    public final TokenQuotas quotas;
    public static final long DAILY_TOKENS = 10_000;
    public static final long MONTHLY_TOKENS = 100_000;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    /**
     * A runner that records each command in {@code ran} and holds its turn until {@code release} opens (at most 10 s), as a
     * turn still streaming does, then reports it superseded (the tests that use it judge admission, not the turn).
     */
    public static TurnRunner holdingUntil(CountDownLatch release, List<TurnCommand> ran) {
        return command -> {
            ran.add(command);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TurnOutcome.Superseded();
        };
    }

    /**
     * @param capacity      turns the task runs at once (its executor's threads)
     * @param mode          the spill mode
     * @param withOverflow  whether the task has an overflow queue
     * @param runner        what running a turn does
     */
    public OrchestratorParts(int capacity, SpillMode mode, boolean withOverflow, TurnRunner runner) {
        this(capacity, mode, withOverflow, runner, null, new OrchestratorSettings.Principal(100, 100, 10, 4));
    }

    /**
     * @param redis      where the per-caller limits live ({@code null}: this task's own)
     * @param principal  the per-caller limits
     */
    public OrchestratorParts(int capacity, SpillMode mode, boolean withOverflow, TurnRunner runner, RedisLink redis,
                             OrchestratorSettings.Principal principal) {
        // Frames go out on the caller's thread, so a test sees them as soon as a call returns.
        this.frames = new FrameSender(ReplyStreams.withDefaults(connections, Runnable::run, timer));
        this.gpu = new GpuLoad(CircuitBreaker.ofDefaults("gpu"), System::nanoTime, Duration.ofSeconds(10));
        this.load = new LoadTracker(capacity, null, gpu, () -> 0.1);
        this.executor = new TurnExecutor(runner, load, metrics, capacity, capacity);
        this.overflow = withOverflow ? new OverflowPublisher(sqs, "https://sqs.ap-northeast-1.amazonaws.com/1/overflow", clock, () -> { }) : null;
        this.rateLimiter = new TokenBuckets(100, 100, System::nanoTime);
        this.principals = new PrincipalLimits(redis, principal, Duration.ofMinutes(2), System::nanoTime, metrics);
        TieredHistoryLoader history = TieredHistoryLoader.withDefaults(null, store, event -> { });
        this.intake = new TurnIntake(store, history, JtokkitTokenCounter.withDefaults(), timings, clock);
        this.quotas = new TokenQuotas(store, new TokenBudgets(DAILY_TOKENS, MONTHLY_TOKENS), clock);
        this.admission = new TurnAdmission(new RoutingPolicy(RoutingThresholds.defaults(), mode), load, executor, overflow, intake,
                rateLimiter, principals, frames, metrics, new TurnPlacement(TurnPlacement.PROBE_INTERVAL, System::nanoTime,
                RoutingThresholds.defaults().shedRetryAfter()), quotas);
    }

    /** How many turns were routed {@code route} for {@code reason} (lower case), from the metric the CDK app reads. */
    public double routed(String route, String reason) {
        Counter counter = registry.find(MetricNames.TURNS_ROUTED).tag(MetricNames.ROUTE, route).tag(MetricNames.REASON, reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        executor.abortRunning();
        timer.shutdownNow();
    }
}
