package com.mangaassist.overflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mangaassist.overflow.batch.OverflowBatchProcessor;
import com.mangaassist.overflow.metrics.OverflowMetrics;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import com.mangaassist.pipeline.events.ChatEventPublisher;
import jakarta.inject.Inject;
import java.time.Duration;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The overflow function: {@code com.mangaassist.overflow.OverflowHandler::handleRequest}, fed by
 * the overflow queue's event source with ReportBatchItemFailures on. Initialization (the
 * Micronaut context, SDK clients, tokenizer) happens once per execution environment, before the
 * SnapStart snapshot; each invocation runs the batch with Powertools' structured logging, then
 * waits for its chat events to reach Kinesis and flushes its EMF metrics (a frozen environment
 * would lose both).
 */
public class OverflowHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

    @Inject
    OverflowBatchProcessor processor;

    /** What Lambda calls: configuration from the environment. */
    public OverflowHandler() {
        super();
    }

    /** The local event source and tests: configuration given explicitly. */
    public OverflowHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Inject
    OverflowMetrics metrics;

    @Inject
    ChatEventPublisher events;

    /** How long an invocation waits for its chat events to reach Kinesis before it returns (and its environment may freeze). */
    private static final Duration EVENT_FLUSH = Duration.ofSeconds(2);

    /**
     * Every singleton is built at init, before the SnapStart snapshot: a missing setting fails the
     * init with its one-sentence reason, and no invocation pays for building a client.
     */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().eagerInitSingletons(true);
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        // MicronautRequestHandler registers each invocation's Context as a bean before calling execute.
        Context context = getApplicationContext().getBean(Context.class);
        return PowertoolsLogging.withLogging(context, () -> {
            try {
                return processor.process(event, context::getRemainingTimeInMillis);
            } finally {
                events.flush(EVENT_FLUSH);
                metrics.flush();
            }
        });
    }
}
