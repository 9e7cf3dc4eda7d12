package com.mangaassist.shared.wire.events;

/** What happened to a turn, or to its answer, as recorded on the analytics/audit stream. */
public enum ChatEventType {
    TURN_COMPLETED,
    TURN_FAILED,
    TURN_SPILLED,
    TURN_SHED,
    /** A user rated an answer (ADR 0045); the event's {@code feedback} says how, its {@code route} which path answered. */
    FEEDBACK
}
