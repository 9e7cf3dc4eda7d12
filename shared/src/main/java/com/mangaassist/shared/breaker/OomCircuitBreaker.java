package com.mangaassist.shared.breaker;

import com.mangaassist.shared.routing.BreakerState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Contains GPU out-of-memory failures (seeds, LLD-4) so that one bad request never takes the
 * worker down:
 * <ul>
 *   <li><b>CLOSED</b>: requests get the full context;</li>
 *   <li><b>OPEN</b> after an OOM: requests get the reduced context for the cooldown;</li>
 *   <li><b>HALF_OPEN</b> once the cooldown passed: exactly one request gets the full context as a
 *       trial; others keep the reduced context until it ends. Success closes the breaker, another
 *       OOM re-opens it.</li>
 * </ul>
 * Tripping {@code escalationTrips} times within the escalation window calls the listener's
 * escalation (the {@code OOMEscalation} metric that scales the endpoint out). Transitions happen
 * when requests arrive, so there is no timer thread. Thread-safe.
 */
public final class OomCircuitBreaker {

    private final BreakerSettings settings;
    private final Clock clock;
    private final BreakerListener listener;
    private final Deque<Instant> recentTrips = new ArrayDeque<>();

    private BreakerState state = BreakerState.CLOSED;
    private Instant openedAt = Instant.MIN;
    private boolean trialInFlight;
    private long trips;

    public OomCircuitBreaker(BreakerSettings settings, Clock clock, BreakerListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** What one request may use; hand the permit back through {@link #onSuccess} or {@link #onOutOfMemory}. */
    public synchronized Permit acquire() {
        advanceIfCooled();
        switch (state) {
            case CLOSED:
                return Permit.FULL;
            case HALF_OPEN:
                if (!trialInFlight) {
                    trialInFlight = true;
                    return Permit.TRIAL;
                }
                return reduced();
            default:
                return reduced();
        }
    }

    private Permit reduced() {
        return new Permit(settings.reducedContext(), settings.reducedMaxOutput(), false);
    }

    public synchronized void onSuccess(Permit permit) {
        if (permit.trial()) {
            trialInFlight = false;
            transition(BreakerState.CLOSED);
        }
    }

    /** A request failed without using GPU memory (or was cancelled): a trial slot is freed, nothing else. */
    public synchronized void onOtherFailure(Permit permit) {
        if (permit.trial()) {
            trialInFlight = false;
        }
    }

    public synchronized void onOutOfMemory(Permit permit) {
        if (permit.trial()) {
            trialInFlight = false;
        }
        Instant now = clock.instant();
        trips++;
        openedAt = now;
        transition(BreakerState.OPEN);
        recentTrips.addLast(now);
        while (!recentTrips.isEmpty() && recentTrips.peekFirst().isBefore(now.minus(settings.escalationWindow()))) {
            recentTrips.removeFirst();
        }
        if (recentTrips.size() >= settings.escalationTrips()) {
            listener.onEscalation(recentTrips.size());
        }
    }

    /** The state a request arriving now would see. */
    public synchronized BreakerState state() {
        advanceIfCooled();
        return state;
    }

    public synchronized long trips() {
        return trips;
    }

    private void advanceIfCooled() {
        if (state == BreakerState.OPEN && !clock.instant().isBefore(openedAt.plus(settings.cooldown()))) {
            transition(BreakerState.HALF_OPEN);
        }
    }

    private void transition(BreakerState to) {
        BreakerState from = state;
        if (from != to) {
            state = to;
            listener.onTransition(from, to);
        }
    }

    /**
     * @param ceiling   the context ceiling for the budget, 0 for none
     * @param maxOutput cap on output tokens, 0 for none
     * @param trial     this request is the half-open trial
     */
    public record Permit(int ceiling, int maxOutput, boolean trial) {

        public static final Permit FULL = new Permit(0, 0, false);
        static final Permit TRIAL = new Permit(0, 0, true);

        public boolean reduced() {
            return ceiling > 0;
        }
    }
}
