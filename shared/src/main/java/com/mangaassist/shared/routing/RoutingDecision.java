package com.mangaassist.shared.routing;

import com.mangaassist.shared.domain.Route;
import java.time.Duration;
import java.util.Objects;

/** What to do with one new turn. */
public sealed interface RoutingDecision permits RoutingDecision.Baseline, RoutingDecision.Overflow, RoutingDecision.Shed {

    Route route();

    RoutingReason reason();

    /**
     * Run here; {@code degrade} asks for a cheaper turn when the GPU or the task is strained, and is
     * {@code null} for a full one.
     */
    record Baseline(RoutingReason reason, DegradeHint degrade) implements RoutingDecision {
        public Baseline {
            Objects.requireNonNull(reason, "reason");
        }

        /** A full turn, for {@code reason}. */
        public static Baseline full(RoutingReason reason) {
            return new Baseline(reason, null);
        }

        @Override
        public Route route() {
            return Route.BASELINE;
        }
    }

    /** Spill to the overflow queue. */
    record Overflow(RoutingReason reason) implements RoutingDecision {
        public Overflow {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Route route() {
            return Route.OVERFLOW;
        }
    }

    /** Refuse with a {@code busy} error frame that tells the client when to retry. */
    record Shed(RoutingReason reason, Duration retryAfter) implements RoutingDecision {
        public Shed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        @Override
        public Route route() {
            return Route.SHED;
        }
    }
}
