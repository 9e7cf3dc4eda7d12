package com.mangaassist.shared.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.mangaassist.shared.domain.WireEnums;

/** Where a turn is processed. The lower-case name is what clients see in {@code done.route}. */
public enum Route {
    /** This Fargate task runs the turn. */
    BASELINE,
    /** The turn goes to the overflow queue and a Lambda runs it. */
    OVERFLOW,
    /** The turn is refused with an explicit {@code busy} error. */
    SHED;

    @JsonValue
    public String wireName() {
        return WireEnums.lowerCase(this);
    }

    @JsonCreator
    public static Route fromWireName(String name) {
        return WireEnums.fromLowerCase(Route.class, name);
    }
}
