package com.mangaassist.infra.config;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import software.constructs.Node;

/**
 * Typed reads of CDK context ({@code -c key=value}, cdk.json, or an App's context in tests). Values
 * arrive as strings from the command line and as numbers or lists from JSON, so every read accepts
 * both and refuses anything else with an {@link InvalidContextException} naming the key.
 */
public final class ContextReader {

    private final Node node;

    private ContextReader(Node node) {
        this.node = node;
    }

    public static ContextReader of(Node node) {
        return new ContextReader(node);
    }

    /** The value as text, blank treated as absent (an empty {@code -c key=} means "not given"). */
    public Optional<String> text(String key) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Collection<?>) {
            throw InvalidContextException.invalid(key, value, "a single value, not a list");
        }
        String text = value.toString().strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** A whole number within {@code min..max}, or {@code fallback} when absent. */
    public int integer(String key, int fallback, int min, int max) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw InvalidContextException.invalid(key, text.get(), "a whole number");
        }
        if (value < min || value > max) {
            throw InvalidContextException.invalid(key, value, "within " + min + ".." + max);
        }
        return value;
    }

    /**
     * A whole number of up to 64 bits, or {@code fallback} when absent; its range is the caller's to check (a record's
     * constructor, with the sentence that says what the key means). JSON may carry a large number as {@code 3.0E9}: any
     * notation of a whole number is taken, a fraction is not.
     */
    public long wholeNumber(String key, long fallback) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text.get());
        } catch (NumberFormatException e) {
            throw InvalidContextException.invalid(key, text.get(), "a whole number");
        }
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            throw InvalidContextException.invalid(key, text.get(), "a whole number");
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw InvalidContextException.invalid(key, text.get(), "a whole number within " + Long.MIN_VALUE + ".." + Long.MAX_VALUE);
        }
    }

    /** A list, given as a JSON array or as comma-separated text; absent when not given. */
    public Optional<List<String>> list(String key) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return Optional.empty();
        }
        List<String> items = value instanceof Collection<?> c
                ? c.stream().map(String::valueOf).map(String::strip).toList()
                : Arrays.stream(value.toString().split(",")).map(String::strip).toList();
        if (items.stream().anyMatch(String::isEmpty)) {
            throw InvalidContextException.invalid(key, value, "a comma-separated list without empty items");
        }
        return items.isEmpty() ? Optional.empty() : Optional.of(items);
    }
}
