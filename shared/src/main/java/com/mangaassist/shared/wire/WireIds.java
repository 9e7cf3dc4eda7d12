package com.mangaassist.shared.wire;

import java.util.regex.Pattern;

/** The shapes of identifiers accepted on the wire. */
public final class WireIds {

    /** Conversation, message and request ids: URL- and log-safe, 1 to 128 characters. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /** API Gateway connection ids are base64-like ("L0SM9cOFvHcCIhw="). */
    private static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9+/=_-]{1,128}");

    /** BCP 47 language tags as clients send them ("ja", "en-US", "zh-Hant-TW"). */
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");

    public static final int MAX_PRINCIPAL_LENGTH = 256;

    private WireIds() {
    }

    public static boolean isValidId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    public static boolean isValidConnectionId(String value) {
        return value != null && CONNECTION_ID.matcher(value).matches();
    }

    public static boolean isValidLocale(String value) {
        return value != null && LOCALE.matcher(value).matches();
    }

    public static boolean isValidPrincipal(String value) {
        return value != null && !value.isBlank() && value.length() <= MAX_PRINCIPAL_LENGTH
                && value.chars().noneMatch(Character::isISOControl);
    }
}
