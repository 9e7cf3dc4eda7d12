package com.mangaassist.pipeline.delivery;

import com.mangaassist.shared.wire.server.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a stream of model tokens into {@code token} frames for one message. Posting one frame per
 * model token would cost one @connections call each (and, on the public GenAI stacks, reorder
 * them); holding tokens back would delay the first one. So: the first token goes out at once,
 * later tokens are coalesced until {@code maxDelay} has passed since the oldest unsent one (the
 * caller ticks {@link #flushIfDue}), and no frame's text exceeds {@code maxFrameTextBytes} once
 * JSON-escaped (a quote or backslash costs two bytes, a control character up to six), so the
 * encoded frame always fits API Gateway's 32 KB; a single oversized token is split on character
 * boundaries. Frames are numbered in order from {@link ReplyFrames#FIRST_STREAMED_SEQ}, after
 * the ack; the caller's {@code done} takes {@link #nextSeq()}. Not thread-safe:
 * one coalescer per message, driven by one thread.
 */
public final class TokenCoalescer {

    /** Room left in a 32 KB API Gateway frame after the JSON envelope of a token frame. */
    public static final int DEFAULT_MAX_FRAME_TEXT_BYTES = 30 * 1024;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(50);

    private final String messageId;
    private final int maxFrameTextBytes;
    private final long maxDelayNanos;
    private final StringBuilder pending = new StringBuilder();
    private int pendingBytes;
    private long oldestPendingNanos;
    private final int attempt;
    private long nextSeq = ReplyFrames.FIRST_STREAMED_SEQ;
    private boolean firstSent;

    public TokenCoalescer(String messageId, int attempt, int maxFrameTextBytes, Duration maxDelay) {
        this.attempt = attempt;
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        if (maxFrameTextBytes < 4) {
            throw new IllegalArgumentException("a frame must hold at least one character");
        }
        this.maxFrameTextBytes = maxFrameTextBytes;
        this.maxDelayNanos = maxDelay.toNanos();
    }

    public static TokenCoalescer withDefaults(String messageId, int attempt) {
        return new TokenCoalescer(messageId, attempt, DEFAULT_MAX_FRAME_TEXT_BYTES, DEFAULT_MAX_DELAY);
    }

    /** Adds a model token; returns the frames to send now (possibly none). */
    public List<Token> offer(String text, long nowNanos) {
        List<Token> out = new ArrayList<>(1);
        if (text.isEmpty()) {
            return out;
        }
        int bytes = encodedLength(text);
        if (pendingBytes + bytes > maxFrameTextBytes) {
            drain(out);
        }
        if (bytes > maxFrameTextBytes) {
            splitInto(text, out);
        } else {
            if (pending.length() == 0) {
                oldestPendingNanos = nowNanos;
            }
            pending.append(text);
            pendingBytes += bytes;
        }
        if (!firstSent || nowNanos - oldestPendingNanos >= maxDelayNanos) {
            drain(out);
        }
        return out;
    }

    /** The frame to send if the oldest unsent token has waited {@code maxDelay}; call on a timer. */
    public List<Token> flushIfDue(long nowNanos) {
        List<Token> out = new ArrayList<>(1);
        if (pending.length() > 0 && nowNanos - oldestPendingNanos >= maxDelayNanos) {
            drain(out);
        }
        return out;
    }

    /** Everything still pending, before the final {@code done} frame. */
    public List<Token> finish() {
        List<Token> out = new ArrayList<>(1);
        drain(out);
        return out;
    }

    /** The seq the next frame of this message takes (the {@code done} or {@code error} after the tokens). */
    public long nextSeq() {
        return nextSeq;
    }

    /** True when text is waiting; the caller's timer only needs to run then. */
    public boolean hasPending() {
        return pending.length() > 0;
    }

    private void drain(List<Token> out) {
        if (pending.length() == 0) {
            return;
        }
        out.add(new Token(messageId, nextSeq++, attempt, pending.toString()));
        pending.setLength(0);
        pendingBytes = 0;
        firstSent = true;
    }

    private void splitInto(String text, List<Token> out) {
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int cpBytes = encodedLength(cp);
            if (bytes + cpBytes > maxFrameTextBytes) {
                out.add(new Token(messageId, nextSeq++, attempt, text.substring(start, i)));
                start = i;
                bytes = 0;
            }
            bytes += cpBytes;
            i += Character.charCount(cp);
        }
        out.add(new Token(messageId, nextSeq++, attempt, text.substring(start)));
        firstSent = true;
    }

    /** Bytes the text takes inside a JSON string as our encoder writes it (UTF-8, minimal escaping). */
    static int encodedLength(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            bytes += encodedLength(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    private static int encodedLength(int cp) {
        if (cp == '"' || cp == '\\' || cp == '\n' || cp == '\r' || cp == '\t' || cp == '\b' || cp == '\f') {
            return 2;
        }
        if (cp < 0x20) {
            return 6;
        }
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
