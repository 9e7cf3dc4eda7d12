package com.mangaassist.pipeline.turn;

/**
 * How many attempts one message may use, wherever the next one is claimed (a resend, recovery, a
 * spill's fallback, a queue delivery, a restart mid-answer): an attempt beyond the cap ends the
 * message with an explicit {@code internal} error, sent to the connection that attempt answers
 * at, instead of starting a generation (issue 27). The cap is applied where an attempt runs
 * ({@link TurnPipeline#run}), which every path goes through, and by recovery before it even
 * takes an executor slot.
 */
public final class AttemptCap {

    /** Attempts a message may use; the seventh ends it. */
    public static final int MAX_ATTEMPTS = 6;
    public static final String TEXT = "the assistant could not answer this message after " + MAX_ATTEMPTS + " attempts; please send it again";

    private AttemptCap() {
    }

    public static boolean exceededBy(int attempt) {
        return attempt > MAX_ATTEMPTS;
    }
}
