package com.mangaassist.shared.conversation;

/** What appending a turn did. */
public sealed interface AppendOutcome {

    /** Stored as turn {@code seq}; the conversation now has {@code seq} turns. */
    record Appended(long seq) implements AppendOutcome {
    }

    /** This message already has a turn of this role (a redelivery or a client retry): nothing was written. */
    record Duplicate(long seq) implements AppendOutcome {
    }

    /** The conversation belongs to another principal: nothing was written. */
    record Forbidden() implements AppendOutcome {
    }
}
