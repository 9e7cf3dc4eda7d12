package com.mangaassist.localaws.sagemaker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The binary AWS event-stream messages InvokeEndpointWithResponseStream answers with: a
 * {@code PayloadPart} event per chunk of the container's body, and the {@code ModelStreamError}
 * exception when the container's stream breaks. Prelude, header and message CRCs come from the
 * SDK's own event-stream library, so the SDK client decodes these unchanged.
 */
final class EventStreamFrames {

    private EventStreamFrames() {
    }

    static byte[] payloadPart(byte[] bytes) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("event"));
        headers.put(":event-type", HeaderValue.fromString("PayloadPart"));
        headers.put(":content-type", HeaderValue.fromString("application/octet-stream"));
        return toBytes(new Message(headers, bytes));
    }

    static byte[] modelStreamError(String message, String errorCode) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("exception"));
        headers.put(":exception-type", HeaderValue.fromString("ModelStreamError"));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        String body = "{\"Message\":" + jsonString(message) + ",\"ErrorCode\":" + jsonString(errorCode) + "}";
        return toBytes(new Message(headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] toBytes(Message message) {
        ByteBuffer buffer = message.toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
