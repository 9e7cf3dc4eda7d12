package com.mangaassist.gpu.inference;

import com.mangaassist.shared.breaker.OomCircuitBreaker;
import com.mangaassist.gpu.engine.EngineException;
import com.mangaassist.gpu.engine.EngineRequest;
import com.mangaassist.gpu.engine.EngineResult;
import com.mangaassist.gpu.engine.InferenceEngine;
import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.gpu.health.ErrorRateWindow;
import com.mangaassist.gpu.metrics.EndpointMetrics;
import com.mangaassist.shared.budget.AssembledPrompt;
import com.mangaassist.shared.budget.BudgetRequest;
import com.mangaassist.shared.budget.ContextBudgetManager;
import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.budget.TokenCounter;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import com.mangaassist.shared.wire.server.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request through the context budget, the OOM breaker and the engine. An OOM never
 * escapes as a crash: the breaker opens, the engine is reset, and if nothing was streamed yet the
 * request is answered once more with the reduced context (a controlled fallback); only if that
 * also fails does the caller get {@code 503 capacity_limit}.
 */
public final class InferenceService {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceService.class);

    private final InferenceEngine engine;
    private final ContextBudgetManager budget;
    private final OomCircuitBreaker breaker;
    private final ErrorRateWindow errors;
    private final EndpointMetrics metrics;
    /** A count includes the chat template's per-message tokens (and a margin): allow for them above the byte length. */
    private static final int PER_MESSAGE_ALLOWANCE = 16;

    private final AtomicReference<PromptPart> lastSystemPrompt = new AtomicReference<>(PromptPart.EMPTY);

    public InferenceService(InferenceEngine engine, ContextBudgetManager budget, OomCircuitBreaker breaker,
                            ErrorRateWindow errors, EndpointMetrics metrics) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public InferenceEngine engine() {
        return engine;
    }

    /**
     * Generates the answer into {@code sink}.
     *
     * @throws InferenceFailure when no answer could be produced
     */
    public InferenceResult infer(InferenceRequest request, TokenSink sink) {
        long start = System.nanoTime();
        MeasuringSink measuring = new MeasuringSink(sink, start);
        try {
            InferenceResult result = attempt(request, measuring, breaker.acquire(), false);
            errors.record(true);
            metrics.completed(Duration.ofNanos(System.nanoTime() - start), result.degraded() ? "degraded" : "ok", result.turnsDropped());
            return result;
        } catch (InferenceFailure failure) {
            // Client mistakes say nothing about the engine's health.
            errors.record(failure.code() == ErrorCode.INVALID_FIELD);
            metrics.completed(Duration.ofNanos(System.nanoTime() - start), failure.code().wireName(), 0);
            throw failure;
        } finally {
            metrics.tokens(measuring.tokens);
        }
    }

    private InferenceResult attempt(InferenceRequest request, MeasuringSink sink, OomCircuitBreaker.Permit permit, boolean fallback) {
        try {
            return attemptWith(request, sink, permit, fallback);
        } catch (InferenceFailure failure) {
            throw failure;
        } catch (RuntimeException unexpected) {
            // Whatever failed before or around the engine (prompt assembly, a bug) still hands the permit back: a HALF_OPEN
            // trial that is never returned would keep the breaker half-open for ever.
            breaker.onOtherFailure(permit);
            throw unexpected;
        }
    }

    private InferenceResult attemptWith(InferenceRequest request, MeasuringSink sink, OomCircuitBreaker.Permit permit, boolean fallback) {
        AssembledPrompt prompt = assemble(request, permit);
        int maxTokens = Math.max(1, Math.min(request.maxTokens(), prompt.outputTokens()));
        if (permit.maxOutput() > 0) {
            maxTokens = Math.min(maxTokens, permit.maxOutput());
        }
        EngineRequest engineRequest = new EngineRequest(request.requestId(), request.adapter(), PromptBuilder.messages(prompt),
                prompt.promptTokens(), maxTokens);
        try {
            EngineResult result = engine.generate(engineRequest, sink);
            breaker.onSuccess(permit);
            return new InferenceResult(result.finishReason(), new Usage(result.promptTokens(), result.completionTokens()),
                    prompt.truncated(), prompt.turnsDropped(), permit.reduced() || fallback);
        } catch (EngineException.OutOfMemory oom) {
            metrics.outOfMemory();
            breaker.onOutOfMemory(permit);
            engine.reset();
            LOG.warn("event=oom request_id={} prompt_tokens={} reduced={} streamed_tokens={} detail=\"{}\"",
                    request.requestId(), prompt.promptTokens(), permit.reduced(), sink.tokens, oom.getMessage());
            if (sink.tokens == 0 && !permit.reduced() && !fallback) {
                OomCircuitBreaker.Permit reduced = breaker.acquire();
                if (reduced.reduced()) {
                    return attempt(request, sink, reduced, true);
                }
            }
            throw new InferenceFailure(ErrorCode.CAPACITY_LIMIT, 503,
                    "GPU memory exhausted; please retry shortly or start a new conversation", sink.tokens > 0);
        } catch (EngineException.Unavailable unavailable) {
            breaker.onOtherFailure(permit);
            LOG.warn("event=engine_unavailable request_id={} detail=\"{}\"", request.requestId(), unavailable.getMessage());
            throw new InferenceFailure(ErrorCode.MODEL_UNAVAILABLE, 503, "the model engine is unavailable", sink.tokens > 0);
        } catch (EngineException.Rejected rejected) {
            breaker.onOtherFailure(permit);
            throw new InferenceFailure(ErrorCode.INVALID_FIELD, 400, rejected.getMessage(), sink.tokens > 0);
        } catch (EngineException other) {
            // The hierarchy is sealed and handled above; javac cannot see that for catch clauses.
            breaker.onOtherFailure(permit);
            throw new InferenceFailure(ErrorCode.INTERNAL, 500, other.getMessage(), sink.tokens > 0);
        }
    }

    private AssembledPrompt assemble(InferenceRequest request, OomCircuitBreaker.Permit permit) {
        TokenCounter counter = budget.counter();
        int window = request.contextWindow() == null ? engine.maxModelLen() : Math.min(request.contextWindow(), engine.maxModelLen());
        int reserve = permit.maxOutput() > 0 ? Math.min(request.maxTokens(), permit.maxOutput()) : request.maxTokens();
        return budget.assemble(BudgetRequest.builder()
                .systemPrompt(systemPrompt(request.systemPrompt(), counter))
                .outputReserve(reserve)
                .query(query(request, counter))
                .ragContext(request.ragContext() == null ? PromptPart.EMPTY : counter.part(request.ragContext()))
                .history(request.history())
                .contextWindow(Math.max(BudgetRequest.MIN_WINDOW, window))
                .ceiling(permit.ceiling())
                .build());
    }

    /**
     * The query as the pipeline counted it (ADR 0015: the pipeline owns the budget, and tokenizing
     * a long query twice costs tens of microseconds). A count above the query's UTF-8 length cannot
     * be a tokenizer's (every token is at least one byte): such a query is counted here instead.
     */
    static PromptPart query(InferenceRequest request, TokenCounter counter) {
        Integer counted = request.queryTokens();
        if (counted != null && counted > 0 && counted <= request.query().getBytes(StandardCharsets.UTF_8).length + PER_MESSAGE_ALLOWANCE) {
            return new PromptPart(request.query(), counted);
        }
        return counter.part(request.query());
    }

    /** Nearly every request carries the same system prompt: count it once. */
    private PromptPart systemPrompt(String text, TokenCounter counter) {
        PromptPart cached = lastSystemPrompt.get();
        if (cached.text().equals(text)) {
            return cached;
        }
        PromptPart counted = counter.part(text);
        lastSystemPrompt.set(counted);
        return counted;
    }

    /** Counts streamed tokens and records time to first token. */
    private final class MeasuringSink implements TokenSink {
        private final TokenSink delegate;
        private final long start;
        private int tokens;

        MeasuringSink(TokenSink delegate, long start) {
            this.delegate = delegate;
            this.start = start;
        }

        @Override
        public boolean onToken(String text) {
            if (tokens++ == 0) {
                metrics.firstToken(Duration.ofNanos(System.nanoTime() - start));
            }
            return delegate.onToken(text);
        }
    }
}
