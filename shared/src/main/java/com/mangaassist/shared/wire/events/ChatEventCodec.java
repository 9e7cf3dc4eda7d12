package com.mangaassist.shared.wire.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireError;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import java.nio.charset.StandardCharsets;

/** Chat events as stream records (UTF-8 JSON, versioned like the overflow message). */
public final class ChatEventCodec {

    private final WireJson json = WireJson.create(WireLimits.defaults());

    public byte[] encode(ChatEvent event) {
        return json.writeBytes(event);
    }

    public Decoded<ChatEvent> decode(byte[] record) {
        return WireCodecs.decodeObject(json, record, ChatEventCodec::read);
    }

    public Decoded<ChatEvent> decode(String record) {
        return decode(record.getBytes(StandardCharsets.UTF_8));
    }

    private static ChatEvent read(JsonNode root) {
        JsonFields f = WireCodecs.fields(root);
        long version = f.requiredLong("schemaVersion", Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (version != ChatEvent.SCHEMA_VERSION) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.UNSUPPORTED_SCHEMA_VERSION, "schemaVersion",
                    "chat event schema version " + version + " is not supported"));
        }
        ChatEventType type;
        try {
            type = ChatEventType.valueOf(f.requiredString("type"));
        } catch (IllegalArgumentException e) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "type", "unknown chat event type"));
        }
        return new ChatEvent(f.requiredString("eventId"), type, f.requiredId("conversationId"), f.requiredId("messageId"),
                f.requiredPrincipal("principal"), f.requiredEnum("route", Route::fromWireName), f.requiredInstant("occurredAt"),
                f.requiredInt("promptTokens", 0, Integer.MAX_VALUE), f.requiredInt("completionTokens", 0, Integer.MAX_VALUE),
                f.optionalLong("ttftMillis", 0, Long.MAX_VALUE), f.requiredLong("durationMillis", 0, Long.MAX_VALUE),
                f.requiredBoolean("truncated"), f.requiredInt("turnsDropped", 0, Integer.MAX_VALUE),
                f.has("errorCode") ? f.requiredEnum("errorCode", ErrorCode::fromWireName) : null);
    }
}
