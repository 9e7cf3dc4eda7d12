package com.mangaassist.orchestrator.config;

import com.mangaassist.shared.contract.InvalidSettingException;
import com.mangaassist.shared.contract.SettingNames;
import com.mangaassist.shared.routing.SpillMode;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Locale;

/**
 * What an orchestrator task is configured with, from {@code orchestrator.*} (environment variables
 * in ECS, named by {@link SettingNames}); the turn pipeline's own settings are {@code pipeline.*}.
 *
 * @param capacity         turns this task runs at once before it counts as saturated
 * @param spillMode        {@code hybrid} (spill when saturated), {@code baseline-only} or {@code overflow-only}
 * @param drainTimeout     after SIGTERM, how long in-flight turns may take to finish
 * @param overflowQueueUrl the queue spilled turns go to; {@code null} for none (a task without one sheds instead)
 * @param rate             each connection's message rate
 * @param principal        each caller's message rate and connections, across connections and tasks
 */
@ConfigurationProperties("orchestrator")
public record OrchestratorSettings(
        @Bindable(defaultValue = "64") int capacity,
        @Bindable(defaultValue = "hybrid") String spillMode,
        @Bindable(defaultValue = "25s") Duration drainTimeout,
        @Nullable String overflowQueueUrl,
        Rate rate,
        Principal principal) {

    public OrchestratorSettings {
        if (capacity < 1) {
            throw new InvalidSettingException(SettingNames.TURN_CAPACITY, "is " + capacity + ": it must be at least 1 turn");
        }
        spillMode(spillMode);
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new InvalidSettingException(SettingNames.DRAIN_TIMEOUT, "must be a duration (e.g. 25s)");
        }
        overflowQueueUrl = overflowQueueUrl == null || overflowQueueUrl.isBlank() ? null : overflowQueueUrl.strip();
        rate = rate == null ? Rate.DEFAULTS : rate;
        principal = principal == null ? Principal.DEFAULTS : principal;
    }

    /** The spill mode as the routing policy takes it. */
    public SpillMode mode() {
        return spillMode(spillMode);
    }

    private static SpillMode spillMode(String text) {
        try {
            return SpillMode.valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (RuntimeException e) {
            throw new InvalidSettingException(SettingNames.SPILL_MODE, "is '" + text + "': it must be hybrid, baseline-only or overflow-only");
        }
    }

    /**
     * Whether there is a queue to spill to. Even a baseline-only task uses it when it drains, for
     * turns it accepted but can no longer start.
     */
    public boolean hasOverflowQueue() {
        return overflowQueueUrl != null;
    }

    /** Per connection: {@code messagesPerSecond} sustained, {@code burst} at once. */
    @ConfigurationProperties("rate")
    public record Rate(@Bindable(defaultValue = "2") double messagesPerSecond, @Bindable(defaultValue = "10") int burst) {

        public static final Rate DEFAULTS = new Rate(2, 10);

        public Rate {
            if (!(messagesPerSecond > 0)) {
                throw new InvalidSettingException(SettingNames.RATE_MESSAGES_PER_SECOND, "must be a positive number of messages a second");
            }
            if (burst < 1) {
                throw new InvalidSettingException(SettingNames.RATE_BURST, "must be at least 1 message");
            }
        }
    }

    /**
     * Per caller, whatever connections and tasks it uses (shared through Redis, ADR 0035): {@code messagesPerSecond}
     * sustained and {@code burst} at once over all its connections, and at most {@code connections} open at once. A person
     * with a few tabs never meets them; a script that opens connections to multiply the per-connection rate does. At most
     * {@code turnsInFlight} of its messages are being answered at once, wherever they run (ADR 0043).
     */
    @ConfigurationProperties("principal")
    public record Principal(@Bindable(defaultValue = "3") double messagesPerSecond, @Bindable(defaultValue = "30") int burst,
                            @Bindable(defaultValue = "10") int connections, @Bindable(defaultValue = "4") int turnsInFlight) {

        public static final Principal DEFAULTS = new Principal(3, 30, 10, 4);

        public Principal {
            if (!(messagesPerSecond > 0)) {
                throw new InvalidSettingException(SettingNames.PRINCIPAL_MESSAGES_PER_SECOND, "must be a positive number of messages a second");
            }
            if (burst < 1) {
                throw new InvalidSettingException(SettingNames.PRINCIPAL_BURST, "must be at least 1 message");
            }
            if (connections < 1) {
                throw new InvalidSettingException(SettingNames.PRINCIPAL_CONNECTIONS, "must be at least 1 connection");
            }
            if (turnsInFlight < 1) {
                throw new InvalidSettingException(SettingNames.PRINCIPAL_TURNS_IN_FLIGHT, "must be at least 1 message being answered");
            }
        }
    }
}
