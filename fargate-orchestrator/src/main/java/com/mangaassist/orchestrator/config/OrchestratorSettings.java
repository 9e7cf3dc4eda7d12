package com.mangaassist.orchestrator.config;

import com.mangaassist.shared.routing.SpillMode;
import java.time.Duration;
import java.util.Objects;

/**
 * What an orchestrator task is configured with (environment variables in ECS, see
 * {@code application.properties}).
 *
 * @param capacity            turns this task runs at once before it counts as saturated
 * @param spillMode           hybrid (spill when saturated), baseline-only, or overflow-only
 * @param overflowDeadline    how long a spilled turn may wait before it answers {@code expired}
 * @param drainTimeout        after SIGTERM, how long in-flight turns may take to finish
 * @param messagesPerSecond   per-connection sustained message rate
 * @param messageBurst        per-connection burst
 */
public record OrchestratorSettings(
        String conversationTable,
        String chatEventsStream,
        String overflowQueueUrl,
        String smallEndpoint,
        String largeEndpoint,
        int capacity,
        SpillMode spillMode,
        Duration overflowDeadline,
        Duration drainTimeout,
        double messagesPerSecond,
        int messageBurst,
        Duration conversationRetention) {

    public OrchestratorSettings {
        Objects.requireNonNull(conversationTable, "conversationTable");
        Objects.requireNonNull(chatEventsStream, "chatEventsStream");
        Objects.requireNonNull(smallEndpoint, "smallEndpoint");
        Objects.requireNonNull(spillMode, "spillMode");
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
    }

    /**
     * Whether there is a queue to spill to. Even a baseline-only task uses it when it drains, for
     * turns it accepted but can no longer start.
     */
    public boolean hasOverflowQueue() {
        return overflowQueueUrl != null && !overflowQueueUrl.isBlank();
    }
}
