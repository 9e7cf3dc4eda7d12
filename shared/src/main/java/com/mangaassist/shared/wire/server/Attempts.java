package com.mangaassist.shared.wire.server;

/**
 * Attempts number the runs of one message's answer, across every process that may run it (a task,
 * a Lambda, a recovery): the conversation store hands them out, strictly increasing, so a frame
 * of a higher attempt supersedes everything a lower one sent.
 */
public final class Attempts {

    public static final int FIRST = 1;

    private Attempts() {
    }

    static void require(int attempt) {
        if (attempt < FIRST) {
            throw new IllegalArgumentException("attempts start at " + FIRST + ", got " + attempt);
        }
    }
}
