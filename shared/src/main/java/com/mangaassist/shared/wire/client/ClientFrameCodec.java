package com.mangaassist.shared.wire.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.JsonFields;
import com.mangaassist.shared.wire.WireCodecs;
import com.mangaassist.shared.wire.WireError;
import com.mangaassist.shared.wire.WireIds;
import com.mangaassist.shared.wire.WireJson;
import com.mangaassist.shared.wire.WireLimits;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Decodes client frames strictly: size first (before any parsing), then JSON shape, action,
 * fields, ids and text rules and length (a question's text, a feedback's reason). Every failure is a {@link Decoded.Failed} with a stable code; the
 * message id is kept on the error whenever it could be read, so the client can correlate it.
 */
public final class ClientFrameCodec {

    private static final Set<String> SEND_FIELDS = Set.of("action", "conversationId", "messageId", "text", "locale");
    private static final Set<String> RESUME_FIELDS = Set.of("action", "conversationId", "lastSeq");
    /** A ping and a usage request: the action alone. */
    private static final Set<String> ACTION_ONLY = Set.of("action");
    private static final Set<String> FEEDBACK_FIELDS = Set.of("action", "conversationId", "messageId", "rating", "reason");

    private final WireLimits limits;
    private final WireJson json;

    public ClientFrameCodec(WireLimits limits) {
        this.limits = limits;
        this.json = WireJson.create(limits);
    }

    public static ClientFrameCodec withDefaults() {
        return new ClientFrameCodec(WireLimits.defaults());
    }

    public WireLimits limits() {
        return limits;
    }

    public Decoded<ClientFrame> decode(String frame) {
        if (frame == null) {
            return Decoded.failed(WireError.of(ErrorCode.MALFORMED_JSON, "empty frame"));
        }
        // A raw lone surrogate has no UTF-8 form, so no client's bytes can hold one: refused as the byte path refuses invalid
        // UTF-8, rather than let getBytes turn it into '?' and accept a text the rules would refuse. (Sent as a JSON escape,
        // it is a valid frame whose text the text rules refuse by name.)
        int lone = firstLoneSurrogate(frame, 0);
        if (lone >= 0) {
            return Decoded.failed(WireError.of(ErrorCode.MALFORMED_JSON, "frame holds a lone surrogate at index " + lone + ": it is not valid UTF-8"));
        }
        byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
        // A Java char is at most 3 UTF-8 bytes: skip the size check when the frame cannot be too large.
        if (frame.length() * 3L > limits.maxFrameBytes()) {
            return decode(utf8);
        }
        return decodeWithinLimit(utf8);
    }

    private static int firstLoneSurrogate(String frame, int from) {
        for (int i = from; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < frame.length() && Character.isLowSurrogate(frame.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    public Decoded<ClientFrame> decode(byte[] utf8) {
        if (utf8 == null || utf8.length == 0) {
            return Decoded.failed(WireError.of(ErrorCode.MALFORMED_JSON, "empty frame"));
        }
        if (utf8.length > limits.maxFrameBytes()) {
            return Decoded.failed(WireError.of(ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + utf8.length + " bytes exceeds the limit of " + limits.maxFrameBytes() + " bytes"));
        }
        return decodeWithinLimit(utf8);
    }

    private Decoded<ClientFrame> decodeWithinLimit(byte[] utf8) {
        return WireCodecs.decodeObject(json, utf8, this::readFrame);
    }

    private ClientFrame readFrame(JsonNode root) {
        JsonFields fields = WireCodecs.fields(root);
        String action = fields.requiredString("action");
        return switch (action) {
            case SendMessage.ACTION -> readSendMessage(root, fields);
            case Resume.ACTION -> readResume(fields);
            case Ping.ACTION -> {
                fields.rejectUnknown(ACTION_ONLY);
                yield new Ping();
            }
            case UsageRequest.ACTION -> {
                fields.rejectUnknown(ACTION_ONLY);
                yield new UsageRequest();
            }
            case Feedback.ACTION -> readFeedback(root, fields);
            default -> throw WireCodecs.violation(WireError.ofField(ErrorCode.UNKNOWN_ACTION, "action",
                    "unknown action; expected one of sendMessage, resume, ping, feedback, usage"));
        };
    }

    private SendMessage readSendMessage(JsonNode root, JsonFields fields) {
        String salvagedId = salvageMessageId(root);
        try {
            fields.rejectUnknown(SEND_FIELDS);
            String conversationId = fields.requiredId("conversationId");
            String messageId = fields.requiredId("messageId");
            String text = userText(fields, "text", limits.maxTextChars());
            String locale = fields.optionalLocale("locale");
            return new SendMessage(conversationId, messageId, text, locale);
        } catch (RuntimeException e) {
            throw WireCodecs.withMessageId(e, salvagedId);
        }
    }

    /**
     * A rating of one answer. The message id is salvaged like a question's, so a refused feedback's
     * error names the answer it was about and the page shows the refusal beside its buttons.
     */
    private Feedback readFeedback(JsonNode root, JsonFields fields) {
        String salvagedId = salvageMessageId(root);
        try {
            fields.rejectUnknown(FEEDBACK_FIELDS);
            String conversationId = fields.requiredId("conversationId");
            String messageId = fields.requiredId("messageId");
            Rating rating = Rating.fromWireName(fields.requiredString("rating"));
            if (rating == null) {
                throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, "rating", "field 'rating' must be \"up\" or \"down\""));
            }
            // Left out means no reason; a blank one is refused rather than stored as if the user had said something.
            String reason = fields.has("reason") ? userText(fields, "reason", Feedback.MAX_REASON_CHARS) : null;
            return new Feedback(conversationId, messageId, rating, reason);
        } catch (RuntimeException e) {
            throw WireCodecs.withMessageId(e, salvagedId);
        }
    }

    /**
     * Text a user typed (a question, a feedback's reason): a non-blank string, under the text rules,
     * of at most {@code maxChars} code points (what a user sees as characters, whatever their encoding).
     */
    private static String userText(JsonFields fields, String field, int maxChars) {
        String text = fields.requiredString(field);
        if (text.isBlank()) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_FIELD, field, "field '" + field + "' must not be blank"));
        }
        String invalid = TextRules.violation(field, text);
        if (invalid != null) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.INVALID_TEXT, field, invalid));
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > maxChars) {
            throw WireCodecs.violation(WireError.ofField(ErrorCode.TEXT_TOO_LONG, field,
                    field + " of " + chars + " characters exceeds the limit of " + maxChars));
        }
        return text;
    }

    private Resume readResume(JsonFields fields) {
        fields.rejectUnknown(RESUME_FIELDS);
        String conversationId = fields.requiredId("conversationId");
        Long lastSeq = fields.optionalLong("lastSeq", 0, Long.MAX_VALUE);
        return new Resume(conversationId, lastSeq);
    }

    private static String salvageMessageId(JsonNode root) {
        JsonNode id = root.get("messageId");
        return id != null && id.isTextual() && WireIds.isValidId(id.textValue()) ? id.textValue() : null;
    }

    /** Encodes a frame the way a client would send it (used by test clients and the load generator). */
    public String encode(ClientFrame frame) {
        return json.write(frame);
    }
}
