package com.mangaassist.shared.breaker;

import com.mangaassist.shared.routing.BreakerState;

/** Observes the breaker for metrics and logs. */
public interface BreakerListener {

    void onTransition(BreakerState from, BreakerState to);

    /** Tripped {@code trips} times within the escalation window: ask for more instances. */
    void onEscalation(int trips);

    BreakerListener NONE = new BreakerListener() {
        @Override
        public void onTransition(BreakerState from, BreakerState to) {
        }

        @Override
        public void onEscalation(int trips) {
        }
    };
}
