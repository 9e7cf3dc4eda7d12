package com.mangaassist.shared.wire;

/**
 * Size limits enforced by the codecs. Defaults mirror API Gateway WebSocket quotas (32 KB frame,
 * 128 KB message) and the product's text limit; tests and the local gateway may lower them.
 *
 * @param maxFrameBytes   largest accepted frame, in UTF-8 bytes
 * @param maxMessageBytes largest accepted message assembled from frames, in UTF-8 bytes
 * @param maxTextChars    largest accepted user text, in Unicode code points (so a kanji or an
 *                        emoji counts once, whatever its UTF-16 or UTF-8 length)
 * @param maxNestingDepth deepest JSON nesting accepted before parsing stops
 */
public record WireLimits(int maxFrameBytes, int maxMessageBytes, int maxTextChars, int maxNestingDepth) {

    public static final int API_GATEWAY_FRAME_BYTES = 32 * 1024;
    public static final int API_GATEWAY_MESSAGE_BYTES = 128 * 1024;
    public static final int DEFAULT_MAX_TEXT_CHARS = 4_000;

    public WireLimits {
        if (maxFrameBytes <= 0 || maxMessageBytes < maxFrameBytes || maxTextChars <= 0 || maxNestingDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive and maxMessageBytes >= maxFrameBytes");
        }
    }

    public static WireLimits defaults() {
        return new WireLimits(API_GATEWAY_FRAME_BYTES, API_GATEWAY_MESSAGE_BYTES, DEFAULT_MAX_TEXT_CHARS, 16);
    }

    public WireLimits withMaxTextChars(int chars) {
        return new WireLimits(maxFrameBytes, maxMessageBytes, chars, maxNestingDepth);
    }

    public WireLimits withMaxFrameBytes(int bytes) {
        return new WireLimits(bytes, Math.max(bytes, maxMessageBytes), maxTextChars, maxNestingDepth);
    }
}
