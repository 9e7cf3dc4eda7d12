package com.mangaassist.shared.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Endpoint size classes: a small model for simple turns, a large one for complex turns. */
public enum ModelTier {
    SMALL,
    LARGE;

    /** {@code small}, {@code large}: how a stored answer, a chat event and the metrics' {@code tier} dimension spell it. */
    @JsonValue
    public String wireName() {
        return WireEnums.lowerCase(this);
    }

    /** The tier spelt {@code name}, or {@code null}: callers report their own error. */
    @JsonCreator
    public static ModelTier fromWireName(String name) {
        return WireEnums.fromLowerCase(ModelTier.class, name);
    }
}
