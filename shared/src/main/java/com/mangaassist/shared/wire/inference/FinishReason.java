package com.mangaassist.shared.wire.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.mangaassist.shared.domain.WireEnums;

/** Why generation stopped, as OpenAI-compatible servers report it. */
public enum FinishReason {
    STOP,
    LENGTH,
    CANCELLED;

    @JsonValue
    public String wireName() {
        return WireEnums.lowerCase(this);
    }

    @JsonCreator
    public static FinishReason fromWireName(String name) {
        return WireEnums.fromLowerCase(FinishReason.class, name);
    }
}
