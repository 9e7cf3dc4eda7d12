package com.mangaassist.pipeline.conversation;

/**
 * How much of a conversation a prompt may draw on, identically from every tier: the last
 * {@code maxMessages} messages, fewer when their texts pass {@code maxBytes}. A prompt never needs
 * more (the window holds far more tokens than any model's context), and bounding it keeps every
 * cache entry and every cold read bounded however long a conversation runs.
 */
public record HistoryLimits(int maxMessages, long maxBytes) {

    public HistoryLimits {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("history limits must be positive");
        }
    }

    /** 64 messages, 512 KB. */
    public static HistoryLimits defaults() {
        return new HistoryLimits(64, 512 * 1024);
    }
}
