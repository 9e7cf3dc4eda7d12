package com.mangaassist.planner.traffic;

/** Turns in time order, read or generated one at a time so that memory holds only what is active. */
public interface TurnSource {

    /** The next turn, or {@code null} after the last. */
    TraceTurn next();

    /** Seconds of traffic this source spans, for the progress bar; {@code NaN} when unknown. */
    double expectedSeconds();
}
