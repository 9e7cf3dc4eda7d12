package com.mangaassist.shared.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A user's verdict on one answer ({@code feedback.rating}): thumbs up or down, nothing finer, so
 * the figure operators read back means the same for every user and every language.
 */
public enum Rating {
    UP,
    DOWN;

    @JsonValue
    public String wireName() {
        return WireEnums.lowerCase(this);
    }

    /** The rating spelt {@code name} ({@code up}, {@code down}), or {@code null}: callers report their own error. */
    @JsonCreator
    public static Rating fromWireName(String name) {
        return WireEnums.fromLowerCase(Rating.class, name);
    }
}
