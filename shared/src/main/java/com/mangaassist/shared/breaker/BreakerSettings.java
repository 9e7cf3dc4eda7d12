package com.mangaassist.shared.breaker;

import java.time.Duration;
import java.util.Objects;

/**
 * The OOM breaker's numbers (seeds, LLD-4): 1,024-token reduced context, 30 s cooldown, and an
 * escalation when it trips twice within 5 minutes.
 *
 * @param reducedContext   the window requests get while the breaker is open
 * @param reducedMaxOutput output tokens a reduced request may generate, so the reduced window
 *                         still leaves room for the prompt
 */
public record BreakerSettings(int reducedContext, int reducedMaxOutput, Duration cooldown, int escalationTrips, Duration escalationWindow) {

    public BreakerSettings {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(escalationWindow, "escalationWindow");
        if (reducedContext < 64 || reducedMaxOutput < 1 || reducedMaxOutput >= reducedContext || escalationTrips < 1) {
            throw new IllegalArgumentException("invalid breaker settings");
        }
    }

    public static BreakerSettings defaults() {
        return new BreakerSettings(1024, 256, Duration.ofSeconds(30), 2, Duration.ofMinutes(5));
    }
}
