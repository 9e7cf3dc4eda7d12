package com.mangaassist.shared.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * The boundary every codec decodes through: parse, read with {@link JsonFields}, and turn any
 * violation into a {@link Decoded.Failed}. Codecs in the feature packages use these entry points so
 * the "never an exception leaking out" rule is enforced in one place.
 */
public final class WireCodecs {

    private WireCodecs() {
    }

    public static <T> Decoded<T> decodeObject(WireJson json, byte[] utf8, Function<JsonNode, T> reader) {
        try {
            return Decoded.ok(reader.apply(json.readObject(utf8)));
        } catch (WireViolation violation) {
            return Decoded.failed(violation.error());
        } catch (RuntimeException unexpected) {
            // A reader bug must still not escape as an exception to a request handler.
            return Decoded.failed(WireError.of(ErrorCode.INVALID_FIELD, "frame could not be read: " + unexpected.getClass().getSimpleName()));
        }
    }

    public static JsonFields fields(JsonNode node) {
        return JsonFields.of(node);
    }

    /** A violation to throw from inside a reader; {@link #decodeObject} turns it into a failure. */
    public static RuntimeException violation(WireError error) {
        return new WireViolation(error);
    }

    /** Attaches a salvaged message id to a violation thrown while reading the rest of a frame. */
    public static RuntimeException withMessageId(RuntimeException e, String messageId) {
        if (messageId != null && e instanceof WireViolation violation) {
            return new WireViolation(violation.error().withMessageId(messageId));
        }
        return e;
    }
}
