package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Objects;

/**
 * The message is accepted — its question is stored — and attempt {@code attempt} of its answer
 * starts; every accepted message ends in {@code done} or {@code error}. Always {@code seq} 0: an
 * attempt's frames follow from 1.
 *
 * @param attempt which attempt of the answer the frames that follow belong to (1 first); a later
 *                attempt supersedes an earlier one
 * @param turnSeq the question's position in the conversation (what {@code resume.lastSeq} counts)
 */
@JsonTypeName(Ack.TYPE)
public record Ack(String messageId, long seq, int attempt, long turnSeq) implements ServerFrame {

    public static final String TYPE = "ack";

    public Ack {
        Objects.requireNonNull(messageId, "messageId");
        if (seq != 0) {
            throw new IllegalArgumentException("an ack is always seq 0, got " + seq);
        }
        Attempts.require(attempt);
        if (turnSeq < 1) {
            throw new IllegalArgumentException("turn seqs start at 1, got " + turnSeq);
        }
    }
}
