package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.mangaassist.shared.domain.WireEnums;

/** Where a stored question stands, as {@code resume} reports it on the question's turn. */
public enum TurnState {
    /** Its answer is stored right after it. */
    ANSWERED,
    /** Accepted and not answered yet: an attempt runs, or recovery will start one; resending it starts one now. */
    PENDING,
    /** Closed with an error (the turn's {@code code}); sending the text again as a new message is the way on. */
    FAILED;

    @JsonValue
    public String wireName() {
        return WireEnums.lowerCase(this);
    }

    @JsonCreator
    public static TurnState fromWireName(String name) {
        return WireEnums.fromLowerCase(TurnState.class, name);
    }
}
