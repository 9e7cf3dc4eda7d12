package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireError;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Encodes server frames for delivery and decodes them strictly for clients (test clients, the
 * load generator, the chat page's tests).
 */
public final class ServerFrameCodec {

    private static final int MAX_RESUMED_TURNS = 1_000;

    private final WireJson json;

    public ServerFrameCodec(WireLimits limits) {
        this.json = WireJson.create(limits);
    }

    public static ServerFrameCodec withDefaults() {
        return new ServerFrameCodec(WireLimits.defaults());
    }

    public String encode(ServerFrame frame) {
        return json.write(frame, ServerFrame.class);
    }

    public byte[] encodeBytes(ServerFrame frame) {
        return encode(frame).getBytes(StandardCharsets.UTF_8);
    }

    public Decoded<ServerFrame> decode(String frame) {
        return WireCodecs.decodeObject(json, frame.getBytes(StandardCharsets.UTF_8), ServerFrameCodec::read);
    }

    private static ServerFrame read(JsonNode root) {
        JsonFields f = WireCodecs.fields(root);
        String type = f.requiredString("type");
        return switch (type) {
            case Ack.TYPE -> {
                f.rejectUnknown(Set.of("type", "messageId", "seq"));
                yield new Ack(f.requiredId("messageId"), f.requiredLong("seq", 0, 0));
            }
            case Token.TYPE -> {
                f.rejectUnknown(Set.of("type", "messageId", "seq", "text"));
                yield new Token(f.requiredId("messageId"), f.requiredLong("seq", 1, Long.MAX_VALUE), f.requiredString("text"));
            }
            case Done.TYPE -> readDone(f);
            case ErrorFrame.TYPE -> {
                f.rejectUnknown(Set.of("type", "messageId", "seq", "code", "message", "retryAfterMs"));
                String messageId = f.has("messageId") ? f.requiredId("messageId") : null;
                yield new ErrorFrame(messageId, f.requiredLong("seq", 0, Long.MAX_VALUE),
                        f.requiredEnum("code", ErrorCode::fromWireName), f.requiredString("message"),
                        f.optionalLong("retryAfterMs", 0, Long.MAX_VALUE));
            }
            case Resumed.TYPE -> readResumed(f);
            case Pong.TYPE -> {
                f.rejectUnknown(Set.of("type", "seq"));
                yield new Pong(f.requiredLong("seq", 0, Long.MAX_VALUE));
            }
            default -> throw WireCodecs.violation(WireError.ofField(ErrorCode.UNKNOWN_ACTION, "type", "unknown server frame type"));
        };
    }

    private static Done readDone(JsonFields f) {
        f.rejectUnknown(Set.of("type", "messageId", "seq", "route", "usage", "truncated", "turnsDropped"));
        JsonFields usage = f.requiredObject("usage");
        usage.rejectUnknown(Set.of("promptTokens", "completionTokens"));
        boolean truncated = f.requiredBoolean("truncated");
        int dropped = f.requiredInt("turnsDropped", 0, Integer.MAX_VALUE);
        if (truncated != (dropped > 0)) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "truncated", "truncated must be true exactly when turnsDropped > 0"));
        }
        return new Done(f.requiredId("messageId"), f.requiredLong("seq", 1, Long.MAX_VALUE),
                f.requiredEnum("route", Route::fromWireName),
                new Usage(usage.requiredInt("promptTokens", 0, Integer.MAX_VALUE), usage.requiredInt("completionTokens", 0, Integer.MAX_VALUE)),
                truncated, dropped);
    }

    private static Resumed readResumed(JsonFields f) {
        f.rejectUnknown(Set.of("type", "conversationId", "seq", "turns"));
        List<ResumedTurn> turns = f.objectArray("turns", MAX_RESUMED_TURNS, true).stream().map(t -> {
            t.rejectUnknown(Set.of("seq", "role", "messageId", "text", "route"));
            return new ResumedTurn(t.requiredLong("seq", 1, Long.MAX_VALUE), t.requiredEnum("role", Role::fromWireName),
                    t.has("messageId") ? t.requiredId("messageId") : null, t.requiredString("text"),
                    t.has("route") ? t.requiredEnum("route", Route::fromWireName) : null);
        }).toList();
        return new Resumed(f.requiredId("conversationId"), f.requiredLong("seq", 0, Long.MAX_VALUE), turns);
    }
}
