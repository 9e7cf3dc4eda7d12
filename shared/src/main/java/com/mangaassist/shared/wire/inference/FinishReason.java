package com.mangaassist.shared.wire.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why generation stopped, as OpenAI-compatible servers report it. */
public enum FinishReason {
    STOP,
    LENGTH,
    CANCELLED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FinishReason fromWireName(String name) {
        for (FinishReason reason : values()) {
            if (reason.wireName().equals(name)) {
                return reason;
            }
        }
        return null;
    }
}
