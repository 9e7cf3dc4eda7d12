package com.mangaassist.shared.wire.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.budget.ConversationTurn;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireError;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import com.mangaassist.shared.wire.server.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The SageMaker payload formats: request and response bodies of {@code /invocations}, and the
 * JSON-lines chunks of its streaming variant. The endpoint decodes requests from the network, so
 * they get the same strictness as client frames; history size is bounded by
 * {@link #MAX_HISTORY_TURNS} and total body size by the caller's HTTP limit.
 */
public final class InferenceCodec {

    public static final int MAX_HISTORY_TURNS = 2_000;
    private static final int MAX_PART_CHARS = 512 * 1024;
    private static final int MAX_ENTITIES = 64;

    private static final Set<String> REQUEST_FIELDS = Set.of("requestId", "adapter", "systemPrompt", "ragContext",
            "history", "query", "queryTokens", "maxTokens", "contextWindow", "stream");
    private static final Set<String> TURN_FIELDS = Set.of("seq", "role", "text", "tokens", "pinned", "entities");

    private final WireJson json;

    public InferenceCodec(WireLimits limits) {
        this.json = WireJson.create(limits);
    }

    /** Inference bodies carry whole histories, far beyond a WebSocket frame: limits sized for that. */
    public static InferenceCodec withDefaults() {
        return new InferenceCodec(new WireLimits(8 * 1024 * 1024, 8 * 1024 * 1024, 64 * 1024, 16));
    }

    public String encode(InferenceRequest request) {
        return json.write(request);
    }

    public String encode(InferenceResponse response) {
        return json.write(response);
    }

    public String encode(InferenceError error) {
        return json.write(error);
    }

    /** One JSON line, without the trailing newline. */
    public String encode(InferenceChunk chunk) {
        return json.write(chunk, InferenceChunk.class);
    }

    public Decoded<InferenceRequest> decodeRequest(byte[] body) {
        return WireCodecs.decodeObject(json, body, InferenceCodec::readRequest);
    }

    public Decoded<InferenceResponse> decodeResponse(String body) {
        return WireCodecs.decodeObject(json, body.getBytes(StandardCharsets.UTF_8), InferenceCodec::readResponse);
    }

    public Decoded<InferenceError> decodeError(String body) {
        return WireCodecs.decodeObject(json, body.getBytes(StandardCharsets.UTF_8), root -> {
            JsonFields f = WireCodecs.fields(root);
            return new InferenceError(f.requiredEnum("code", ErrorCode::fromWireName), f.requiredString("message"));
        });
    }

    public Decoded<InferenceChunk> decodeChunk(String line) {
        return WireCodecs.decodeObject(json, line.getBytes(StandardCharsets.UTF_8), InferenceCodec::readChunk);
    }

    private static InferenceRequest readRequest(JsonNode root) {
        JsonFields f = WireCodecs.fields(root);
        f.rejectUnknown(REQUEST_FIELDS);
        List<ConversationTurn> history = f.objectArray("history", MAX_HISTORY_TURNS, false).stream()
                .map(InferenceCodec::readTurn).toList();
        long previous = 0;
        for (ConversationTurn turn : history) {
            if (turn.seq() <= previous) {
                throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "history", "history turns must be in increasing seq order"));
            }
            previous = turn.seq();
        }
        String adapter = f.has("adapter") ? f.requiredId("adapter") : null;
        return new InferenceRequest(f.requiredId("requestId"), adapter, f.requiredString("systemPrompt"),
                f.optionalString("ragContext"), history, f.requiredText("query", MAX_PART_CHARS),
                f.optionalInt("queryTokens", 0, MAX_PART_CHARS * 4), f.requiredInt("maxTokens", 1, 1_000_000), f.optionalInt("contextWindow", 64, 10_000_000),
                f.optionalBoolean("stream", false));
    }

    private static ConversationTurn readTurn(JsonFields t) {
        t.rejectUnknown(TURN_FIELDS);
        Role role = t.requiredEnum("role", Role::fromWireName);
        if (role == Role.SYSTEM) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "history.role", "history turns are user or assistant turns"));
        }
        String text = t.requiredString("text");
        if (text.length() > MAX_PART_CHARS) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.TEXT_TOO_LONG, "history.text", "history turn too long"));
        }
        return new ConversationTurn(t.requiredLong("seq", ConversationTurn.FIRST_SEQ, Long.MAX_VALUE), role, text,
                t.requiredInt("tokens", 0, Integer.MAX_VALUE), t.optionalBoolean("pinned", false),
                t.stringArray("entities", MAX_ENTITIES, 256));
    }

    private static Usage readUsage(JsonFields f) {
        JsonFields usage = f.requiredObject("usage");
        return new Usage(usage.requiredInt("promptTokens", 0, Integer.MAX_VALUE), usage.requiredInt("completionTokens", 0, Integer.MAX_VALUE));
    }

    private static InferenceResponse readResponse(JsonNode root) {
        JsonFields f = WireCodecs.fields(root);
        return new InferenceResponse(f.requiredString("requestId"), f.requiredString("text"),
                f.requiredEnum("finishReason", FinishReason::fromWireName), readUsage(f),
                f.requiredBoolean("wasTruncated"), f.requiredInt("turnsDropped", 0, Integer.MAX_VALUE),
                f.optionalBoolean("degraded", false));
    }

    private static InferenceChunk readChunk(JsonNode root) {
        JsonFields f = WireCodecs.fields(root);
        String type = f.requiredString("type");
        return switch (type) {
            case "token" -> new InferenceChunk.TokenChunk(f.requiredLong("index", 0, Long.MAX_VALUE), f.requiredString("text"));
            case "end" -> new InferenceChunk.EndChunk(f.requiredEnum("finishReason", FinishReason::fromWireName), readUsage(f),
                    f.requiredBoolean("wasTruncated"), f.requiredInt("turnsDropped", 0, Integer.MAX_VALUE),
                    f.optionalBoolean("degraded", false));
            case "error" -> new InferenceChunk.ErrorChunk(f.requiredEnum("code", ErrorCode::fromWireName),
                    f.requiredString("message"), f.optionalBoolean("afterTokens", false));
            default -> throw WireCodecs.violation(WireError.ofField(ErrorCode.UNKNOWN_ACTION, "type", "unknown chunk type"));
        };
    }
}
