package com.mangaassist.pipeline.delivery;

import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.Pong;
import java.time.Duration;

/**
 * The one owner of how a message's reply is numbered and what its stock frames say. A message's
 * frames carry {@code seq}: the ack is {@value #ACK_SEQ}, the tokens follow from
 * {@value #FIRST_STREAMED_SEQ} ({@link TokenCoalescer}), the terminal frame takes the next one. A
 * message refused before it was accepted gets one frame at {@value #ACK_SEQ} and nothing else; a
 * frame that belongs to no message (pong, resumed, a refused frame) is {@value #UNSEQUENCED}.
 */
public final class ReplyFrames {

    public static final long ACK_SEQ = 0;
    public static final long FIRST_STREAMED_SEQ = 1;
    public static final long UNSEQUENCED = 0;

    private ReplyFrames() {
    }

    /** The message was accepted: exactly one answer or error follows. */
    public static Ack ack(String messageId) {
        return new Ack(messageId, ACK_SEQ);
    }

    /** The message was not accepted: this is its only frame. */
    public static ErrorFrame refusal(String messageId, ErrorCode code, String message, Duration retryAfter) {
        return new ErrorFrame(messageId, ACK_SEQ, code, message, retryAfter == null ? null : Math.max(1, retryAfter.toMillis()));
    }

    /** Shed before acceptance: the client may send the same message again after {@code retryAfter}. */
    public static ErrorFrame busy(String messageId, Duration retryAfter) {
        return refusal(messageId, ErrorCode.BUSY, busyText(retryAfter), retryAfter);
    }

    /**
     * An accepted message that can no longer run here and had nowhere to go (a full local queue, a
     * drain with no overflow queue): the error that ends it, right after its ack.
     */
    public static ErrorFrame busyAfterAck(String messageId, Duration retryAfter, String why) {
        return new ErrorFrame(messageId, FIRST_STREAMED_SEQ, ErrorCode.BUSY, why, Math.max(1, retryAfter.toMillis()));
    }

    /** A frame that never became a message (malformed, unauthenticated, a server fault while reading it). */
    public static ErrorFrame frameRefused(ErrorCode code, String message) {
        return new ErrorFrame(null, UNSEQUENCED, code, message, null);
    }

    public static Pong pong() {
        return new Pong(UNSEQUENCED);
    }

    private static String busyText(Duration retryAfter) {
        return "the assistant is busy; retry in " + retryAfter.toMillis() + " ms";
    }
}
