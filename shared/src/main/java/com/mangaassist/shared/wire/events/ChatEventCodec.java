package com.mangaassist.shared.wire.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.grounding.RetrievalOutcome;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireError;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import com.mangaassist.shared.wire.server.Source;
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
        if ((type == ChatEventType.FEEDBACK) != f.has("feedback")) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "feedback", "a feedback event carries its rating, and only a feedback event does"));
        }
        return new ChatEvent(f.requiredString("eventId"), type, f.requiredId("conversationId"), f.requiredId("messageId"),
                f.requiredPrincipal("principal"), f.requiredEnum("route", Route::fromWireName), f.requiredInstant("occurredAt"),
                f.requiredInt("promptTokens", 0, Integer.MAX_VALUE), f.requiredInt("completionTokens", 0, Integer.MAX_VALUE),
                f.optionalLong("ttftMillis", 0, Long.MAX_VALUE), f.requiredLong("durationMillis", 0, Long.MAX_VALUE),
                f.requiredBoolean("truncated"), f.requiredInt("turnsDropped", 0, Integer.MAX_VALUE),
                f.has("errorCode") ? f.requiredEnum("errorCode", ErrorCode::fromWireName) : null, f.has("retrieval") ? retrieval(f.requiredObject("retrieval")) : null,
                f.has("feedback") ? feedback(f.requiredObject("feedback")) : null);
    }

    private static FeedbackFigures feedback(JsonFields r) {
        r.rejectUnknown(java.util.Set.of("rating", "reasonGiven", "tier"));
        return new FeedbackFigures(r.requiredEnum("rating", Rating::fromWireName), r.requiredBoolean("reasonGiven"),
                r.has("tier") ? r.requiredEnum("tier", ModelTier::fromWireName) : null);
    }

    private static RetrievalFigures retrieval(JsonFields r) {
        r.rejectUnknown(java.util.Set.of("passages", "millis", "outcome"));
        RetrievalOutcome outcome = r.requiredEnum("outcome", RetrievalOutcome::fromWireName);
        int passages = r.requiredInt("passages", 0, Source.MAX_PER_ANSWER);
        if ((outcome == RetrievalOutcome.GROUNDED) != (passages > 0)) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "passages", "a grounded turn has passages, and only a grounded one"));
        }
        return new RetrievalFigures(passages, r.requiredLong("millis", 0, Long.MAX_VALUE), outcome);
    }
}
