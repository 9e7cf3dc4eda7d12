package com.mangaassist.shared.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.mangaassist.shared.domain.WireEnums;

/** Who said a piece of the prompt, in chat-completion terms. */
public enum Role {
    SYSTEM,
    USER,
    ASSISTANT;

    @JsonValue
    public String wireName() {
        return WireEnums.lowerCase(this);
    }

    @JsonCreator
    public static Role fromWireName(String name) {
        return WireEnums.fromLowerCase(Role.class, name);
    }
}
