package com.mangaassist.bench;

import com.mangaassist.shared.breaker.BreakerListener;
import com.mangaassist.shared.breaker.BreakerSettings;
import com.mangaassist.shared.breaker.OomCircuitBreaker;
import com.mangaassist.gpu.engine.ChatMessage;
import com.mangaassist.gpu.engine.EngineRequest;
import com.mangaassist.gpu.engine.EngineResult;
import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.gpu.health.ErrorRateWindow;
import com.mangaassist.gpu.inference.InferenceResult;
import com.mangaassist.gpu.inference.InferenceService;
import com.mangaassist.gpu.metrics.EndpointMetrics;
import com.mangaassist.shared.budget.BudgetPolicy;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gpu-endpoint front's cost per request without HTTP: context budget, OOM breaker, prompt
 * layout and metrics around an engine that answers instantly, against calling that engine alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InferenceFrontBenchmark {

    @Param({"10", "100"})
    public int turns;

    private InstantEngine engine;
    private InferenceService service;
    private InferenceRequest request;
    private EngineRequest engineRequest;

    @Setup
    public void setUp() {
        engine = new InstantEngine();
        Clock clock = Clock.systemUTC();
        service = new InferenceService(engine, new ContextBudgetManager(JtokkitTokenCounter.withDefaults(), BudgetPolicy.defaults()),
                new OomCircuitBreaker(BreakerSettings.defaults(), clock, BreakerListener.NONE),
                new ErrorRateWindow(clock, Duration.ofSeconds(60), 20, 0.5), new EndpointMetrics(new SimpleMeterRegistry()));
        List<ConversationTurn> history = new ArrayList<>();
        for (int i = 1; i <= turns; i++) {
            boolean user = i % 2 == 1;
            history.add(new ConversationTurn(i, user ? Role.USER : Role.ASSISTANT, "turn " + i, user ? 50 : 200, false, List.of()));
        }
        request = new InferenceRequest("bench", "chatbot-en", "You are MangaAssist, a helpful manga store assistant.", null, history,
                "Can you recommend something like Vinland Saga but with more politics?", null, 256, 4096, false);
        engineRequest = new EngineRequest("bench", "chatbot-en", List.of(new ChatMessage(Role.USER, request.query())), 100, 256);
    }

    @Benchmark
    public EngineResult engineOnly() {
        return engine.generate(engineRequest, TokenSink.DISCARD);
    }

    @Benchmark
    public InferenceResult frontAndEngine() {
        return service.infer(request, TokenSink.DISCARD);
    }
}
