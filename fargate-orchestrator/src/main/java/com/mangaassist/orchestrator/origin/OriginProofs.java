package com.mangaassist.orchestrator.origin;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * The origin proof values valid at one reading of their source: the current one, and the one it
 * replaced, which stays valid for the overlap after {@code currentSince} so frames API Gateway
 * still sends with it during a rotation are not dropped. Never logged: {@link #toString} hides the
 * values.
 *
 * @param previous     the value the current one replaced; {@code null} before the first rotation
 * @param currentSince when the current value became current (its secret version's creation)
 */
public record OriginProofs(String current, @Nullable String previous, Instant currentSince) {

    public OriginProofs {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(currentSince, "currentSince");
        if (current.isBlank()) {
            throw new IllegalArgumentException("an origin proof must not be blank");
        }
        previous = previous == null || previous.isBlank() || previous.equals(current) ? null : previous;
    }

    /** One value and no previous one: a local run's fixed proof. */
    public static OriginProofs only(String value) {
        return new OriginProofs(value, null, Instant.EPOCH);
    }

    @Override
    public String toString() {
        return "OriginProofs[current=<hidden>, previous=" + (previous == null ? "none" : "<hidden>") + ", currentSince=" + currentSince + "]";
    }
}
