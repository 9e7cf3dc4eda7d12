package com.mangaassist.pipeline.turn;

import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.Usage;
import java.time.Duration;
import java.util.Objects;

/** How an attempt ended. Across its attempts every accepted message ends Completed or Failed exactly once. */
public sealed interface TurnOutcome {

    /**
     * Answered, stored at {@code answerSeq}, and closed with {@code done}.
     *
     * @param delivered false when the connection went away: the answer is stored and {@code resume} returns it
     */
    record Completed(long answerSeq, String endpoint, Usage usage, int turnsDropped, Duration ttft, boolean delivered) implements TurnOutcome {
        public Completed {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(ttft, "ttft");
        }
    }

    /** Closed with an {@code error} frame carrying {@code code}; the failure is stored. */
    record Failed(ErrorCode code, String message) implements TurnOutcome {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /** A later attempt holds the message (or closed it): this one stopped without a terminal frame, which is the later one's to send. */
    record Superseded() implements TurnOutcome {
    }

    /**
     * This attempt could not finish here (interrupted by a drain, out of invocation time, a
     * dependency down): nothing terminal was stored or sent, and its lease was ended so that the
     * next attempt — a redelivery, a spill, recovery, a resend — starts at once.
     */
    record Abandoned(String reason) implements TurnOutcome {
        public Abandoned {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
