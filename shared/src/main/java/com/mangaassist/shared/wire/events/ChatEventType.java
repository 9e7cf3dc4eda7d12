package com.mangaassist.shared.wire.events;

/** What happened to a turn, as recorded on the analytics/audit stream. */
public enum ChatEventType {
    TURN_COMPLETED,
    TURN_FAILED,
    TURN_SPILLED,
    TURN_SHED
}
