package com.mangaassist.infra.config;

/**
 * A CDK context value ({@code -c key=value}) is missing or unusable. The message is one sentence
 * naming the key and what it must be, so {@code cdk synth} stops with the fix instead of a stack
 * trace from deep inside a construct.
 */
public final class InvalidContextException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidContextException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** {@code key} (from {@code -c key=value} or a preset) is not what it takes. */
    public static InvalidContextException invalid(String key, Object value, String expectation) {
        return new InvalidContextException(key, key + "=" + value + " is not usable: " + key + " must be " + expectation + ".");
    }

    /** A key without a default was not given. */
    public static InvalidContextException missing(String stack, String key, String example, String why) {
        return new InvalidContextException(key, stack + " needs -c " + key + "=" + example + ": " + why + ".");
    }

    /** The context key at fault. */
    public String key() {
        return key;
    }
}
