package com.mangaassist.bench.load;

/**
 * One turn as its user saw it. {@code offeredAtNanos} is {@link System#nanoTime()} when it was first
 * offered; the other times are nanoseconds from then
 * (a retry after {@code busy} keeps the original start: the user waited through it).
 *
 * @param firstTokenNanos first {@code token} frame, or -1
 * @param endNanos        the terminal frame ({@code done} or the final {@code error}), or -1
 * @param route           {@code baseline} or {@code overflow} from {@code done}, else {@code null}
 * @param errorCode       the final error's code, else {@code null}
 * @param busyReplies     {@code busy} (and {@code rate_limited}) replies the user retried after
 */
public record TurnRecord(int phase, long offeredAtNanos, long firstTokenNanos, long endNanos, Outcome outcome, String route,
                         String errorCode, int busyReplies) {

    public enum Outcome {
        /** Ended in {@code done}. */
        ANSWERED,
        /** Ended in an error frame other than busy. */
        ERROR,
        /** Still refused with {@code busy} when the user's retry deadline ran out: an explicit answer, not a loss. */
        GAVE_UP_BUSY,
        /** Sent, and no terminal frame ever came: what must never happen. */
        LOST,
        /** The generator had no idle connection to offer it on (the run is then invalid). */
        NOT_OFFERED
    }

    public boolean answered() {
        return outcome == Outcome.ANSWERED;
    }
}
