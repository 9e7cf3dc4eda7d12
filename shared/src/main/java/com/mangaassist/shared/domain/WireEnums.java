package com.mangaassist.shared.domain;

import java.util.Locale;

/** The wire spelling of enums whose JSON form is their lower-case name ("baseline", "user"). */
public final class WireEnums {

    private WireEnums() {
    }

    public static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant spelt {@code name} in lower case, or {@code null}: callers report their own error. */
    public static <E extends Enum<E>> E fromLowerCase(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (lowerCase(constant).equals(name)) {
                return constant;
            }
        }
        return null;
    }
}
