package com.mangaassist.planner.sim;

import com.mangaassist.planner.traffic.TraceTurn;

/** One offered turn while it is in the system: retries keep the first send, so latencies are the user's. */
final class Turn {

    final TraceTurn trace;
    final Conversation conversation;
    final double firstSendAt;
    final MinuteStats minute;
    boolean spilled;
    boolean shed;
    boolean firstToken;
    double ttftMillis = Double.POSITIVE_INFINITY;
    /** Prompt + completion tokens of the model call, charged to the principal's budgets once the answer is stored. */
    long tokens;

    Turn(TraceTurn trace, Conversation conversation, double firstSendAt, MinuteStats minute) {
        this.trace = trace;
        this.conversation = conversation;
        this.firstSendAt = firstSendAt;
        this.minute = minute;
    }
}
