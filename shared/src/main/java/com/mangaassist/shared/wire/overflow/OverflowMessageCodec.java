package com.mangaassist.shared.wire.overflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireError;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The overflow queue's message format. The schema version is checked before any other field, so a
 * message from a newer producer is reported as {@code unsupported_schema_version} (and goes to
 * the DLQ) rather than as whatever field happened to change.
 */
public final class OverflowMessageCodec {

    private static final Set<String> FIELDS = Set.of("schemaVersion", "principal", "conversationId", "messageId", "index", "attempt",
            "requestId", "enqueuedAt");

    private final WireJson json;

    public OverflowMessageCodec(WireLimits limits) {
        this.json = WireJson.create(limits);
    }

    public static OverflowMessageCodec withDefaults() {
        return new OverflowMessageCodec(WireLimits.defaults());
    }

    public String encode(OverflowMessage message) {
        return json.write(message);
    }

    public Decoded<OverflowMessage> decode(String body) {
        if (body == null || body.isEmpty()) {
            return Decoded.failed(WireError.of(ErrorCode.MALFORMED_JSON, "empty message body"));
        }
        return WireCodecs.decodeObject(json, body.getBytes(StandardCharsets.UTF_8), this::read);
    }

    private OverflowMessage read(JsonNode root) {
        JsonFields f = WireCodecs.fields(root);
        if (!f.has("schemaVersion")) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.MISSING_FIELD, "schemaVersion", "missing field 'schemaVersion'"));
        }
        long version = f.requiredLong("schemaVersion", Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (version != OverflowMessage.SCHEMA_VERSION) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.UNSUPPORTED_SCHEMA_VERSION, "schemaVersion",
                    "schema version " + version + " is not supported; this consumer reads version " + OverflowMessage.SCHEMA_VERSION));
        }
        f.rejectUnknown(FIELDS);
        String messageId = f.requiredId("messageId");
        try {
            return new OverflowMessage(f.requiredPrincipal("principal"), f.requiredId("conversationId"), messageId,
                    f.requiredLong("index", 1, Long.MAX_VALUE), f.requiredInt("attempt", 1, Integer.MAX_VALUE), f.requiredString("requestId"),
                    f.requiredInstant("enqueuedAt"));
        } catch (RuntimeException e) {
            throw WireCodecs.withMessageId(e, messageId);
        }
    }
}
