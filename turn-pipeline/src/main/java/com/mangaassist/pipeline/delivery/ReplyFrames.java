package com.mangaassist.pipeline.delivery;

import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.Pong;
import java.time.Duration;

/**
 * The one owner of how a message's reply is numbered and what its stock frames say (ADR 0019).
 * An accepted message's frames belong to an attempt: the attempt's ack is {@value #ACK_SEQ}, its
 * tokens follow from {@value #FIRST_STREAMED_SEQ} ({@link TokenCoalescer}), its terminal frame takes
 * the next one. A message refused before it was accepted gets one frame, with no attempt, at
 * {@value #ACK_SEQ}; a frame that belongs to no message (pong, resumed, a refused frame) is
 * {@value #UNSEQUENCED}.
 */
public final class ReplyFrames {

    public static final long ACK_SEQ = 0;
    public static final long FIRST_STREAMED_SEQ = 1;
    public static final long UNSEQUENCED = 0;

    private ReplyFrames() {
    }

    /** Attempt {@code attempt} of the accepted message starts; exactly one answer or error of some attempt follows. */
    public static Ack ack(String messageId, int attempt, long questionSeq) {
        return new Ack(messageId, ACK_SEQ, attempt, questionSeq);
    }

    /** The message was not accepted (nothing was stored): this is its only frame. */
    public static ErrorFrame refusal(String messageId, ErrorCode code, String message, Duration retryAfter) {
        return ErrorFrame.refusal(messageId, code, message, retryAfter == null ? null : Math.max(1, retryAfter.toMillis()));
    }

    /** Shed before acceptance: the client may send the same message again after {@code retryAfter}. */
    public static ErrorFrame busy(String messageId, Duration retryAfter) {
        return refusal(messageId, ErrorCode.BUSY, busyText(retryAfter), retryAfter);
    }

    /**
     * Accepted, and then nowhere to run (no room here, no queue): attempt {@code attempt} ends with this, the first frame
     * after its ack, since nothing streamed. The client may send the message again after {@code retryAfter}.
     */
    public static ErrorFrame busyAfterAck(String messageId, int attempt, Duration retryAfter) {
        return new ErrorFrame(messageId, FIRST_STREAMED_SEQ, attempt, ErrorCode.BUSY, busyText(retryAfter), Math.max(1, retryAfter.toMillis()));
    }

    /**
     * Attempt {@code attempt} ends the message with an error, at {@code seq} (the terminal frame's: after its tokens, or
     * {@value #FIRST_STREAMED_SEQ} when nothing streamed).
     */
    public static ErrorFrame attemptError(String messageId, long seq, int attempt, ErrorCode code, String text) {
        return new ErrorFrame(messageId, seq, attempt, code, text, null);
    }

    /** What a busy platform says, before acceptance or after it: one wording, stored with a failed message too. */
    public static String busyText(Duration retryAfter) {
        return "the assistant is busy; send the message again in " + retryAfter.toMillis() + " ms";
    }

    /** A frame that never became a message (malformed, unauthenticated, a server fault while reading it). */
    public static ErrorFrame frameRefused(ErrorCode code, String message) {
        return ErrorFrame.refusal(null, code, message, null);
    }

    public static Pong pong() {
        return new Pong(UNSEQUENCED);
    }
}
