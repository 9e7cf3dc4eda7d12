package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.domain.Rating;
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
    private static final Set<String> SOURCE_KINDS = Set.of("catalog", "policy", "order");

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
                f.rejectUnknown(Set.of("type", "messageId", "seq", "attempt", "turnSeq"));
                yield new Ack(f.requiredId("messageId"), f.requiredLong("seq", 0, 0), attempt(f),
                        f.requiredLong("turnSeq", 1, Long.MAX_VALUE));
            }
            case Token.TYPE -> {
                f.rejectUnknown(Set.of("type", "messageId", "seq", "attempt", "text"));
                yield new Token(f.requiredId("messageId"), f.requiredLong("seq", 1, Long.MAX_VALUE), attempt(f), f.requiredString("text"));
            }
            case Done.TYPE -> readDone(f);
            case ErrorFrame.TYPE -> readError(f);
            case Resumed.TYPE -> readResumed(f);
            case Pong.TYPE -> {
                f.rejectUnknown(Set.of("type", "seq"));
                yield new Pong(f.requiredLong("seq", 0, Long.MAX_VALUE));
            }
            case FeedbackSaved.TYPE -> {
                f.rejectUnknown(Set.of("type", "messageId", "seq", "rating"));
                yield new FeedbackSaved(f.requiredId("messageId"), f.requiredLong("seq", 0, 0), f.requiredEnum("rating", Rating::fromWireName));
            }
            case UsageReport.TYPE -> {
                f.rejectUnknown(Set.of("type", "seq", "quota"));
                yield new UsageReport(f.requiredLong("seq", 0, 0), readQuota(f.requiredObject("quota")));
            }
            default -> throw WireCodecs.violation(WireError.ofField(ErrorCode.UNKNOWN_ACTION, "type", "unknown server frame type"));
        };
    }

    private static int attempt(JsonFields f) {
        return f.requiredInt("attempt", Attempts.FIRST, Integer.MAX_VALUE);
    }

    private static ErrorFrame readError(JsonFields f) {
        f.rejectUnknown(Set.of("type", "messageId", "seq", "attempt", "code", "message", "retryAfterMs"));
        String messageId = f.has("messageId") ? f.requiredId("messageId") : null;
        Integer attempt = f.optionalInt("attempt", Attempts.FIRST, Integer.MAX_VALUE);
        long seq = attempt == null ? f.requiredLong("seq", 0, 0) : f.requiredLong("seq", 1, Long.MAX_VALUE);
        if (attempt != null && messageId == null) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.MISSING_FIELD, "messageId", "an attempt's error names its message"));
        }
        return new ErrorFrame(messageId, seq, attempt, f.requiredEnum("code", ErrorCode::fromWireName), f.requiredString("message"),
                f.optionalLong("retryAfterMs", 0, Long.MAX_VALUE));
    }

    private static Done readDone(JsonFields f) {
        f.rejectUnknown(Set.of("type", "messageId", "seq", "attempt", "turnSeq", "route", "usage", "truncated", "turnsDropped", "grounded",
                "sources", "quota"));
        JsonFields usage = f.requiredObject("usage");
        usage.rejectUnknown(Set.of("promptTokens", "completionTokens"));
        boolean truncated = f.requiredBoolean("truncated");
        int dropped = f.requiredInt("turnsDropped", 0, Integer.MAX_VALUE);
        if (truncated != (dropped > 0)) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "truncated", "truncated must be true exactly when turnsDropped > 0"));
        }
        boolean grounded = f.requiredBoolean("grounded");
        List<Source> sources = f.objectArray("sources", Source.MAX_PER_ANSWER, true).stream().map(s -> {
            s.rejectUnknown(Set.of("id", "kind", "title"));
            String kind = s.requiredString("kind");
            if (!SOURCE_KINDS.contains(kind)) {
                throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "kind", "a source is a catalog series, a policy or an order"));
            }
            return new Source(s.requiredText("id", 128), kind, s.requiredText("title", Source.MAX_TITLE_CHARS));
        }).toList();
        if (grounded == sources.isEmpty()) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "grounded", "grounded must be true exactly when sources are given"));
        }
        return new Done(f.requiredId("messageId"), f.requiredLong("seq", 1, Long.MAX_VALUE), attempt(f),
                f.requiredLong("turnSeq", 2, Long.MAX_VALUE), f.requiredEnum("route", Route::fromWireName),
                new Usage(usage.requiredInt("promptTokens", 0, Integer.MAX_VALUE), usage.requiredInt("completionTokens", 0, Integer.MAX_VALUE)),
                truncated, dropped, grounded, sources, f.has("quota") ? readQuota(f.requiredObject("quota")) : null);
    }

    private static Quota readQuota(JsonFields quota) {
        quota.rejectUnknown(Set.of("day", "month"));
        return new Quota(readQuotaWindow(quota.requiredObject("day")), readQuotaWindow(quota.requiredObject("month")));
    }

    private static QuotaWindow readQuotaWindow(JsonFields window) {
        window.rejectUnknown(Set.of("used", "limit", "resetsAt"));
        return new QuotaWindow(window.requiredLong("used", 0, Long.MAX_VALUE), window.optionalLong("limit", 1, Long.MAX_VALUE),
                window.requiredInstant("resetsAt"));
    }

    private static Resumed readResumed(JsonFields f) {
        f.rejectUnknown(Set.of("type", "conversationId", "seq", "turns"));
        List<ResumedTurn> turns = f.objectArray("turns", MAX_RESUMED_TURNS, true).stream().map(t -> {
            t.rejectUnknown(Set.of("seq", "role", "messageId", "text", "route", "tokens", "rating", "state", "code"));
            Role role = t.requiredEnum("role", Role::fromWireName);
            TurnState state = role == Role.USER ? t.requiredEnum("state", TurnState::fromWireName) : null;
            ErrorCode code = state == TurnState.FAILED ? t.requiredEnum("code", ErrorCode::fromWireName) : null;
            if (role != Role.USER && t.has("state") || state != TurnState.FAILED && t.has("code")) {
                throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, t.has("code") ? "code" : "state",
                        "only a question has a state, and only a failed one a code"));
            }
            if (role == Role.USER && (t.has("tokens") || t.has("rating"))) {
                throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, t.has("tokens") ? "tokens" : "rating",
                        "only an answer has a token count or a rating"));
            }
            Integer tokens = t.has("tokens") ? t.requiredInt("tokens", 0, Integer.MAX_VALUE) : null;
            Rating rating = t.has("rating") ? t.requiredEnum("rating", Rating::fromWireName) : null;
            return new ResumedTurn(t.requiredLong("seq", 1, Long.MAX_VALUE), role, t.has("messageId") ? t.requiredId("messageId") : null,
                    t.requiredString("text"), t.has("route") ? t.requiredEnum("route", Route::fromWireName) : null, tokens, rating, state, code);
        }).toList();
        return new Resumed(f.requiredId("conversationId"), f.requiredLong("seq", 0, Long.MAX_VALUE), turns);
    }
}
