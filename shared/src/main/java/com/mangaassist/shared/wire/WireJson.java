package com.mangaassist.shared.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one place the wire's JSON dialect is configured: duplicate keys are errors, nesting and
 * string sizes are bounded before any object is built, nulls are left out of what we write.
 */
public final class WireJson {

    private final ObjectMapper mapper;

    private WireJson(WireLimits limits) {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxMessageBytes())
                        .maxNumberLength(32)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    public static WireJson create(WireLimits limits) {
        return new WireJson(limits);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses a JSON object; anything else (syntax error, array, scalar, too deep) is a violation. */
    JsonNode readObject(byte[] utf8) {
        try {
            JsonNode root = mapper.readTree(utf8);
            if (root == null || !root.isObject()) {
                throw new WireViolation(WireError.of(ErrorCode.MALFORMED_JSON, "expected a JSON object"));
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new WireViolation(WireError.of(ErrorCode.MALFORMED_JSON, "JSON exceeds structural limits"));
        } catch (JsonProcessingException e) {
            throw new WireViolation(WireError.of(ErrorCode.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a value with the wire's conventions. Our own types always serialize. */
    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    public byte[] writeBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    /** Writes a value as the given declared type (needed for polymorphic {@code type} properties). */
    public String write(Object value, Class<?> declaredType) {
        try {
            return mapper.writerFor(declaredType).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

}
