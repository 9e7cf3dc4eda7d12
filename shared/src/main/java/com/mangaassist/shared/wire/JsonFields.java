package com.mangaassist.shared.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Strict, typed reads of one JSON object's fields. Every read failure becomes a
 * {@link WireViolation} with the field's name, and {@link #rejectUnknown} refuses fields the
 * schema does not name, so a misspelt optional field is an error instead of silently ignored.
 */
public final class JsonFields {

    private final JsonNode node;
    private final String path;

    private JsonFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static JsonFields of(JsonNode node) {
        return new JsonFields(node, "");
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private JsonNode present(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new WireViolation(WireError.ofField(ErrorCode.MISSING_FIELD, name(field), "missing field '" + name(field) + "'"));
        }
        return value;
    }

    private WireViolation invalid(String field, String expectation) {
        return new WireViolation(WireError.ofField(ErrorCode.INVALID_FIELD, name(field), "field '" + name(field) + "' " + expectation));
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public String requiredString(String field) {
        JsonNode value = present(field);
        if (!value.isTextual()) {
            throw invalid(field, "must be a string");
        }
        return value.textValue();
    }

    /** A string that matches {@code pattern} whole; the failure says what it must be. */
    public String requiredMatching(String field, java.util.regex.Pattern pattern, String expectation) {
        String value = requiredString(field);
        if (!pattern.matcher(value).matches()) {
            throw invalid(field, "must be " + expectation);
        }
        return value;
    }

    public String optionalString(String field) {
        return has(field) ? requiredString(field) : null;
    }

    /** A non-blank string of at most {@code maxLength} characters. */
    public String requiredText(String field, int maxLength) {
        String value = requiredString(field);
        if (value.isBlank()) {
            throw invalid(field, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw invalid(field, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    public String requiredId(String field) {
        String value = requiredString(field);
        if (!WireIds.isValidId(value)) {
            throw new WireViolation(WireError.ofField(ErrorCode.MALFORMED_ID, name(field),
                    "field '" + name(field) + "' must be 1-128 characters of [A-Za-z0-9._:-], starting with a letter or digit"));
        }
        return value;
    }

    public String requiredConnectionId(String field) {
        String value = requiredString(field);
        if (!WireIds.isValidConnectionId(value)) {
            throw new WireViolation(WireError.ofField(ErrorCode.MALFORMED_ID, name(field),
                    "field '" + name(field) + "' is not a valid connection id"));
        }
        return value;
    }

    public String requiredPrincipal(String field) {
        String value = requiredString(field);
        if (!WireIds.isValidPrincipal(value)) {
            throw invalid(field, "must be a non-blank principal of at most " + WireIds.MAX_PRINCIPAL_LENGTH + " characters");
        }
        return value;
    }

    public String optionalLocale(String field) {
        String value = optionalString(field);
        if (value != null && !WireIds.isValidLocale(value)) {
            throw invalid(field, "must be a BCP 47 language tag such as 'ja' or 'en-US'");
        }
        return value;
    }

    public long requiredLong(String field, long min, long max) {
        JsonNode value = present(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field, "must be an integer");
        }
        long result = value.longValue();
        if (result < min || result > max) {
            throw invalid(field, "must be between " + min + " and " + max);
        }
        return result;
    }

    public Long optionalLong(String field, long min, long max) {
        return has(field) ? requiredLong(field, min, max) : null;
    }

    public int requiredInt(String field, int min, int max) {
        return (int) requiredLong(field, min, max);
    }

    public Integer optionalInt(String field, int min, int max) {
        return has(field) ? requiredInt(field, min, max) : null;
    }

    public boolean requiredBoolean(String field) {
        JsonNode value = present(field);
        if (!value.isBoolean()) {
            throw invalid(field, "must be true or false");
        }
        return value.booleanValue();
    }

    public boolean optionalBoolean(String field, boolean fallback) {
        return has(field) ? requiredBoolean(field) : fallback;
    }

    public double optionalDouble(String field, double min, double max, double fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode value = node.get(field);
        if (!value.isNumber()) {
            throw invalid(field, "must be a number");
        }
        double result = value.doubleValue();
        if (!(result >= min && result <= max)) {
            throw invalid(field, "must be between " + min + " and " + max);
        }
        return result;
    }

    /** An ISO-8601 instant such as {@code 2026-11-22T12:00:00Z}. */
    public Instant requiredInstant(String field) {
        String value = requiredString(field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(field, "must be an ISO-8601 instant such as 2026-11-22T12:00:00Z");
        }
    }

    public <E extends Enum<E>> E requiredEnum(String field, Function<String, E> byWireName) {
        String value = requiredString(field);
        E result = byWireName.apply(value);
        if (result == null) {
            throw invalid(field, "has an unknown value");
        }
        return result;
    }

    public JsonFields requiredObject(String field) {
        JsonNode value = present(field);
        if (!value.isObject()) {
            throw invalid(field, "must be an object");
        }
        return new JsonFields(value, name(field));
    }

    /** The elements of an array of objects, each as its own {@code JsonFields}. */
    public List<JsonFields> objectArray(String field, int maxSize, boolean required) {
        if (!has(field)) {
            if (required) {
                present(field);
            }
            return List.of();
        }
        JsonNode value = node.get(field);
        if (!value.isArray()) {
            throw invalid(field, "must be an array");
        }
        if (value.size() > maxSize) {
            throw invalid(field, "must have at most " + maxSize + " elements");
        }
        List<JsonFields> result = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isObject()) {
                throw invalid(field + "[" + i + "]", "must be an object");
            }
            result.add(new JsonFields(element, name(field) + "[" + i + "]"));
        }
        return result;
    }

    public List<String> stringArray(String field, int maxSize, int maxLength) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode value = node.get(field);
        if (!value.isArray() || value.size() > maxSize) {
            throw invalid(field, "must be an array of at most " + maxSize + " strings");
        }
        List<String> result = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual() || element.textValue().length() > maxLength) {
                throw invalid(field, "must hold strings of at most " + maxLength + " characters");
            }
            result.add(element.textValue());
        }
        return List.copyOf(result);
    }

    /** Refuses any field outside {@code allowed}. */
    public void rejectUnknown(Set<String> allowed) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String field = entry.getKey();
            if (!allowed.contains(field)) {
                throw new WireViolation(WireError.ofField(ErrorCode.INVALID_FIELD, name(field), "unknown field '" + name(field) + "'"));
            }
        }
    }
}
