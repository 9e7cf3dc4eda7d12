package com.mangaassist.planner.sim;

import com.mangaassist.shared.routing.LoadSnapshot;
import com.mangaassist.shared.routing.RoutingDecision;

/** What a caller may watch while a run goes: progress, and every routing decision with the snapshot it was made on. */
public interface SimulationListener {

    SimulationListener NONE = new SimulationListener() {
    };

    /** Called about once a simulated second. */
    default void progress(double simulatedSeconds, double expectedSeconds, long events) {
    }

    default void routed(int task, LoadSnapshot snapshot, RoutingDecision decision) {
    }

    /**
     * A turn ended: answered, in an error, or given up. {@code ttftMillis} is the user's time to
     * first token, {@code +Inf} when none came.
     */
    default void turnEnded(double firstSendAt, double ttftMillis, boolean answered, boolean spilled) {
    }
}
