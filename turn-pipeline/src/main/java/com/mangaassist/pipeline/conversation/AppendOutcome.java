package com.mangaassist.pipeline.conversation;

/** What appending a turn did. */
public sealed interface AppendOutcome {

    /** Stored as {@code turn}; the conversation now has {@code turn.seq()} turns. */
    record Appended(StoredTurn turn) implements AppendOutcome {

        public Appended {
            java.util.Objects.requireNonNull(turn, "turn");
        }

        public long seq() {
            return turn.seq();
        }
    }

    /** This message already has a turn of this role (a redelivery or a client retry): nothing was written. */
    record Duplicate(long seq) implements AppendOutcome {
    }

    /** The conversation belongs to another principal: nothing was written. */
    record Forbidden() implements AppendOutcome {
    }
}
