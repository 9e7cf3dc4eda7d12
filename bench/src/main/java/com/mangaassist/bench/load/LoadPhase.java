package com.mangaassist.bench.load;

import java.time.Duration;
import java.util.Objects;

/** A stretch of offered load: {@code turnsPerSecond} new turns (Poisson arrivals) for {@code duration}. */
public record LoadPhase(String name, Duration duration, double turnsPerSecond) {

    public LoadPhase {
        Objects.requireNonNull(name, "name");
        if (duration.isNegative() || duration.isZero() || !(turnsPerSecond > 0)) {
            throw new IllegalArgumentException("a phase needs a positive duration and rate");
        }
    }
}
