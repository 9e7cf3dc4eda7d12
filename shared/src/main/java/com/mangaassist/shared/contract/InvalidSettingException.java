package com.mangaassist.shared.contract;


/**
 * A setting a service cannot start without is missing or unusable. The message is one sentence
 * naming the environment variable, the key behind it and what it expects, so a task that dies at
 * start says exactly what to fix.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidSettingException(String key, String problem) {
        super(SettingNames.environmentVariable(key) + " (" + key + ") " + problem);
        this.key = key;
    }

    /** A required setting that is absent or blank. */
    public static InvalidSettingException missing(String key, String whatItIs) {
        return new InvalidSettingException(key, "is not set: it must name " + whatItIs);
    }

    public String key() {
        return key;
    }

    /** {@code value} itself when it is present; else the exception naming the setting. */
    public static String required(String value, String key, String whatItIs) {
        if (value == null || value.isBlank()) {
            throw missing(key, whatItIs);
        }
        return value.strip();
    }
}
