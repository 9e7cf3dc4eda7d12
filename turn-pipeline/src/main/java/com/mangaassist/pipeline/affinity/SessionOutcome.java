package com.mangaassist.pipeline.affinity;

import java.util.Locale;

/** What became of a turn's stateful session: the dimension of the {@code gpu.sessions} metric. */
public enum SessionOutcome {
    /** The conversation's session was open and used again: the turn went to the instance holding its prefix. */
    REUSED,
    /** A new session was opened (first turn, another tier, or the previous one expired). */
    OPENED,
    /**
     * The session stopped serving the conversation during a turn: its instance no longer held it (closed, expired,
     * replaced) or failed the call. It was forgotten; the turn went on without one, the next opens another.
     */
    LOST,
    /** The session's instance reported saturation: the session was dropped so the next turn goes where there is room. */
    DROPPED_SATURATED,
    /** No session could be opened or read (the endpoint or the store did not answer): the turn went without one. */
    UNAVAILABLE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
