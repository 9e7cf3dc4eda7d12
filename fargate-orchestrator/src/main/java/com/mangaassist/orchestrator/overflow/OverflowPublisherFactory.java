package com.mangaassist.orchestrator.overflow;

import com.mangaassist.orchestrator.config.OrchestratorSettings;
import com.mangaassist.orchestrator.load.OverflowQueueMonitor;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The spill path exists only when the task has an overflow queue ({@code orchestrator.overflow-queue-url}). */
@Factory
class OverflowPublisherFactory {

    @Singleton
    @Requires(property = "orchestrator.overflow-queue-url", pattern = ".*\\S.*")
    OverflowPublisher overflow(SqsClient sqs, OrchestratorSettings settings, @Nullable OverflowQueueMonitor queue) {
        Runnable onPublished = queue == null ? () -> { } : queue::notePublished;
        return new OverflowPublisher(sqs, settings.overflowQueueUrl(), Clock.systemUTC(), onPublished);
    }
}
