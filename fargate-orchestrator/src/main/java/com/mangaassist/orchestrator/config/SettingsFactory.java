package com.mangaassist.orchestrator.config;

import com.mangaassist.shared.routing.SpillMode;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;

/** Reads {@link OrchestratorSettings} from configuration. */
@Factory
class SettingsFactory {

    @Singleton
    OrchestratorSettings settings(@Value("${pipeline.conversation-table}") String table,
                                  @Value("${pipeline.chat-events-stream}") String stream,
                                  @Value("${pipeline.overflow-queue-url:}") String queueUrl,
                                  @Value("${pipeline.sagemaker-endpoint}") String smallEndpoint,
                                  @Value("${pipeline.sagemaker-large-endpoint:}") String largeEndpoint,
                                  @Value("${orchestrator.capacity:64}") int capacity,
                                  @Value("${orchestrator.spill-mode:hybrid}") String spillMode,
                                  @Value("${pipeline.overflow-deadline:60s}") Duration overflowDeadline,
                                  @Value("${orchestrator.drain-timeout:25s}") Duration drainTimeout,
                                  @Value("${orchestrator.rate.messages-per-second:2}") double messagesPerSecond,
                                  @Value("${orchestrator.rate.burst:10}") int burst,
                                  @Value("${pipeline.conversation-retention:90d}") Duration retention) {
        return new OrchestratorSettings(table, stream, queueUrl, smallEndpoint, largeEndpoint, capacity,
                SpillMode.valueOf(spillMode.strip().toUpperCase(Locale.ROOT).replace('-', '_')), overflowDeadline, drainTimeout,
                messagesPerSecond, burst, retention);
    }
}
