package com.mangaassist.pipeline.conversation;

/** What a pending message's current attempt is doing. */
public enum AttemptStage {
    /** Spilled: waiting on the overflow queue for a Lambda to claim it. */
    QUEUED,
    /** A process runs it. */
    RUNNING
}
