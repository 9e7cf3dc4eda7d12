package com.mangaassist.pipeline.conversation;

/** Where a stored message stands. Every accepted message ends ANSWERED or FAILED, exactly once. */
public enum MessageState {
    /** Accepted, not closed: an attempt runs (or ran and died; recovery claims the next when its lease ends). */
    PENDING,
    /** Its answer is stored. */
    ANSWERED,
    /** Closed with an error, explicitly. */
    FAILED;

    public boolean closed() {
        return this != PENDING;
    }
}
