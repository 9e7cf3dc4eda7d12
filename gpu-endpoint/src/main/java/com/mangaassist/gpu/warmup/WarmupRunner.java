package com.mangaassist.gpu.warmup;

import com.mangaassist.gpu.engine.TokenSink;
import com.mangaassist.gpu.inference.InferenceFailure;
import com.mangaassist.gpu.inference.InferenceService;
import com.mangaassist.gpu.lifecycle.EndpointLifecycle;
import com.mangaassist.shared.budget.TokenCounter;
import com.mangaassist.shared.wire.inference.InferenceRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every manifest shape through the real inference path (budget, breaker, engine), so the
 * first user request finds kernels selected, graphs captured and adapters loaded.
 */
public final class WarmupRunner {

    private static final Logger LOG = LoggerFactory.getLogger(WarmupRunner.class);
    private static final String SYSTEM_PROMPT = "You are MangaAssist, a helpful manga store assistant.";
    private static final String FILLER = "Please recommend a manga with adventure, friendship and a memorable journey. ";

    private final InferenceService service;
    private final TokenCounter counter;
    private final EndpointLifecycle lifecycle;

    public WarmupRunner(InferenceService service, TokenCounter counter, EndpointLifecycle lifecycle) {
        this.service = service;
        this.counter = counter;
        this.lifecycle = lifecycle;
    }

    /**
     * Runs the shapes in order.
     *
     * @throws WarmupFailedException naming the first shape that failed
     */
    public void run(List<WarmupShape> shapes) {
        lifecycle.warming(shapes.size());
        for (WarmupShape shape : shapes) {
            long start = System.nanoTime();
            try {
                service.infer(request(shape), TokenSink.DISCARD);
            } catch (InferenceFailure failure) {
                throw new WarmupFailedException(shape, failure.code().wireName() + ": " + failure.getMessage());
            }
            lifecycle.shapeCompleted();
            LOG.info("event=warmup_shape_completed shape={} adapter={} prompt_tokens={} took_ms={}", shape.name(), shape.adapter(),
                    shape.promptTokens(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    InferenceRequest request(WarmupShape shape) {
        int window = service.engine().maxModelLen();
        int systemTokens = counter.count(SYSTEM_PROMPT);
        int target = shape.promptTokens() == WarmupShape.MAX_LENGTH
                ? window - shape.maxTokens() - systemTokens
                : Math.min(shape.promptTokens(), window - shape.maxTokens() - systemTokens);
        String query = counter.truncate(FILLER.repeat(Math.max(1, target / 10 + 1)), Math.max(8, target)).text();
        return new InferenceRequest("warmup-" + shape.name(), shape.adapter(), SYSTEM_PROMPT, null, List.of(), query, null,
                shape.maxTokens(), null, false);
    }

    /** A shape failed: the endpoint must not become ready. */
    public static final class WarmupFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public WarmupFailedException(WarmupShape shape, String detail) {
            super("warmup shape '" + shape.name() + "' failed: " + detail);
        }
    }
}
