package com.mangaassist.shared.routing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

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
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Route fromWireName(String name) {
        for (Route route : values()) {
            if (route.wireName().equals(name)) {
                return route;
            }
        }
        return null;
    }
}
