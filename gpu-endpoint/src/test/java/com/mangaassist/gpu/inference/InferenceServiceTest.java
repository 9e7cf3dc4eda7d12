package com.mangaassist.gpu.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.testing.MutableClock;
import com.mangaassist.shared.breaker.BreakerListener;
import com.mangaassist.shared.breaker.BreakerSettings;
import com.mangaassist.shared.breaker.OomCircuitBreaker;
import com.mangaassist.shared.capacity.CapacityInputs;
import com.mangaassist.shared.capacity.GpuSpec;
import com.mangaassist.shared.capacity.ModelSpec;
import com.mangaassist.shared.capacity.WeightFormat;
import com.mangaassist.gpu.engine.ChatMessage;
import com.mangaassist.gpu.engine.EngineException;
import com.mangaassist.gpu.engine.EngineRequest;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.gpu.engine.simulated.SimulatedGpuConfig;
import com.mangaassist.gpu.engine.simulated.SimulatedGpuEngine;
import com.mangaassist.gpu.health.ErrorRateWindow;
import com.mangaassist.gpu.metrics.EndpointMetrics;
import com.mangaassist.shared.budget.BudgetPolicy;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.budget.TokenCounter;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.routing.BreakerState;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InferenceServiceTest {

    private static final ContextBudgetManager BUDGET = new ContextBudgetManager(JtokkitTokenCounter.withDefaults(), BudgetPolicy.defaults());
    private final MutableClock clock = new MutableClock();
    private final OomCircuitBreaker breaker = new OomCircuitBreaker(BreakerSettings.defaults(), clock, BreakerListener.NONE);
    private final EndpointMetrics metrics = new EndpointMetrics(new SimpleMeterRegistry());

    private InferenceService service(InferenceEngine engine) {
        return new InferenceService(engine, BUDGET, breaker, new ErrorRateWindow(clock, Duration.ofSeconds(60), 20, 0.5), metrics);
    }

    private static InferenceRequest request(List<ConversationTurn> history, Integer window) {
        return new InferenceRequest("req-1", null, "You are MangaAssist.", null, history, "What should I read next?", null, 512, window, false);
    }

    @Test
    void query_whenThePipelineCountedIt_isTakenAsCountedWithoutTokenizing() {
        InferenceRequest counted = new InferenceRequest("req-1", null, "You are MangaAssist.", null, List.of(), "What should I read next?", 11, 512,
                null, false);
        TokenCounter refusing = new TokenCounter() {
            @Override
            public int count(String text) {
                throw new AssertionError("the query was tokenized again");
            }

            @Override
            public PromptPart truncate(String text, int maxTokens) {
                throw new AssertionError("the query was tokenized again");
            }
        };

        assertThat(InferenceService.query(counted, refusing)).isEqualTo(new PromptPart("What should I read next?", 11));
    }

    @Test
    void query_whenTheCountIsMissingOrImpossible_countsItHere() {
        InferenceRequest uncounted = request(List.of(), null);
        InferenceRequest impossible = new InferenceRequest("req-1", null, "You are MangaAssist.", null, List.of(), "hi", 5_000, 512, null, false);
        int expected = JtokkitTokenCounter.withDefaults().count("What should I read next?");

        assertThat(InferenceService.query(uncounted, JtokkitTokenCounter.withDefaults()).tokens()).isEqualTo(expected);
        assertThat(InferenceService.query(impossible, JtokkitTokenCounter.withDefaults()).tokens())
                .isEqualTo(JtokkitTokenCounter.withDefaults().count("hi"));
    }

    @Test
    void infer_whenOutOfMemoryBeforeAnyToken_answersOnceMoreWithReducedContext() {
        ScriptedEngine engine = new ScriptedEngine().then(ScriptedEngine.Step.OOM, ScriptedEngine.Step.ANSWER);
        StringBuilder text = new StringBuilder();

        InferenceResult result = service(engine).infer(request(seedsConversation(30), null), t -> text.append(t) != null);

        assertThat(text).hasToString("Try Berserk.");
        assertThat(result.degraded()).isTrue();
        assertThat(result.wasTruncated()).isTrue();
        assertThat(engine.requests.get(1).promptTokens() + engine.requests.get(1).maxTokens()).isLessThanOrEqualTo(1024);
        assertThat(engine.resets).isEqualTo(1);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void infer_whenReducedRetryAlsoRunsOutOfMemory_failsWithCapacityLimit() {
        ScriptedEngine engine = new ScriptedEngine().then(ScriptedEngine.Step.OOM, ScriptedEngine.Step.OOM);

        assertThatThrownBy(() -> service(engine).infer(request(List.of(), null), TokenSink.DISCARD))
                .isInstanceOfSatisfying(InferenceFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCode.CAPACITY_LIMIT);
                    assertThat(f.httpStatus()).isEqualTo(503);
                    assertThat(f.afterTokens()).isFalse();
                });
        assertThat(engine.resets).isEqualTo(2);
    }

    @Test
    void infer_whenOutOfMemoryAfterTokensStreamed_doesNotRetryAndSaysSo() {
        ScriptedEngine engine = new ScriptedEngine().then(ScriptedEngine.Step.OOM_AFTER_TOKEN);

        assertThatThrownBy(() -> service(engine).infer(request(List.of(), null), TokenSink.DISCARD))
                .isInstanceOfSatisfying(InferenceFailure.class, f -> assertThat(f.afterTokens()).isTrue());
        assertThat(engine.requests).hasSize(1);
    }

    @Test
    void infer_whenEngineDead_failsAsModelUnavailableWithoutTrippingTheBreaker() {
        ScriptedEngine engine = new ScriptedEngine().then(ScriptedEngine.Step.DEAD);

        assertThatThrownBy(() -> service(engine).infer(request(List.of(), null), TokenSink.DISCARD))
                .isInstanceOfSatisfying(InferenceFailure.class, f -> assertThat(f.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE));
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void infer_whileBreakerOpen_usesReducedContextAndMarksDegraded() {
        breaker.onOutOfMemory(breaker.acquire());
        ScriptedEngine engine = new ScriptedEngine();

        InferenceResult result = service(engine).infer(request(seedsConversation(10), null), TokenSink.DISCARD);

        assertThat(result.degraded()).isTrue();
        EngineRequest sent = engine.requests.get(0);
        assertThat(sent.promptTokens() + sent.maxTokens()).isLessThanOrEqualTo(1024);
    }

    /**
     * The seeds' story (LLD-4): a 30-exchange conversation sent whole runs the GPU out of KV memory;
     * through the budget manager it fits and is answered, with the truncation reported.
     */
    @Test
    void thirtyTurnConversation_runsOutOfKvMemoryWithoutTheBudget_andFitsWithIt() throws Exception {
        // A GPU whose KV pool holds ~10k tokens; the model accepts 16k-token prompts.
        CapacityInputs tight = new CapacityInputs(new GpuSpec("test 21GB", 21L * GpuSpec.GIB), ModelSpec.LLAMA_2_7B, WeightFormat.FP16,
                0.92, 2L * GpuSpec.GIB, 2, 16);
        SimulatedGpuEngine engine = new SimulatedGpuEngine(SimulatedGpuConfig.instant(tight, 8, 16_384), Set.of());
        engine.load();
        List<ConversationTurn> history = seedsConversation(30);
        int fullPrompt = history.stream().mapToInt(ConversationTurn::tokens).sum() + 520;
        List<ChatMessage> everything = new ArrayList<>();
        history.forEach(t -> everything.add(new ChatMessage(t.role(), t.text())));

        assertThat(engine.capacity().kvTokens()).isBetween(4096L, (long) fullPrompt - 1);
        assertThatThrownBy(() -> engine.generate(new EngineRequest("raw", null, everything, fullPrompt, 512), TokenSink.DISCARD))
                .isInstanceOf(EngineException.OutOfMemory.class);

        InferenceResult result = service(engine).infer(request(history, 4096), TokenSink.DISCARD);

        assertThat(result.wasTruncated()).isTrue();
        assertThat(result.usage().promptTokens()).isLessThanOrEqualTo(4096 - 512);
        assertThat(result.degraded()).isFalse();
    }

    /** 30 exchanges shaped like the seeds' example: 100-token questions, 250-token answers. */
    private static List<ConversationTurn> seedsConversation(int exchanges) {
        List<ConversationTurn> turns = new ArrayList<>();
        for (int i = 1; i <= exchanges * 2; i++) {
            boolean user = i % 2 == 1;
            turns.add(new ConversationTurn(i, user ? Role.USER : Role.ASSISTANT, (user ? "question " : "answer ") + i, user ? 100 : 250, false, List.of()));
        }
        return turns;
    }

    @Test
    void infer_whenTheHalfOpenTrialFailsUnexpectedly_givesTheTrialBackSoTheBreakerCanClose() {
        breaker.onOutOfMemory(breaker.acquire());
        clock.advance(BreakerSettings.defaults().cooldown().plusSeconds(1));
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        InferenceService service = service(new ScriptedEngine().then(ScriptedEngine.Step.BUG));

        assertThatThrownBy(() -> service.infer(request(List.of(), null), token -> true)).isInstanceOf(IllegalStateException.class);

        // The trial permit came back: the next request is the trial again, and its success closes the breaker.
        assertThat(breaker.acquire().trial()).isTrue();
    }
}
