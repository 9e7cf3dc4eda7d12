package com.mangaassist.pipeline.turn;

import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.server.Usage;
import java.time.Duration;
import java.util.Objects;

/** How a turn ended; every accepted message ends in exactly one of these. */
public sealed interface TurnOutcome {

    /** Answered, stored as {@code assistantSeq}, and closed with {@code done}. */
    record Completed(long assistantSeq, String endpoint, Usage usage, int turnsDropped, Duration ttft) implements TurnOutcome {
        public Completed {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(ttft, "ttft");
        }
    }

    /** Closed with an {@code error} frame carrying {@code code}. */
    record Failed(ErrorCode code, String message) implements TurnOutcome {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The connection went away (410): generation was cancelled and nothing more can be sent. */
    record ConnectionGone() implements TurnOutcome {
    }
}
