package com.mangaassist.shared.wire.events;

import com.mangaassist.shared.grounding.RetrievalOutcome;
import java.util.Objects;

/**
 * Retrieval's part of a turn, for analytics: how many passages reached the prompt, how long the
 * retrieval took and what it came to. Never the query or the documents' text.
 *
 * @param passages passages in the prompt (0 unless grounded)
 * @param millis   from the start of retrieval to its result or its deadline
 */
public record RetrievalFigures(int passages, long millis, RetrievalOutcome outcome) {

    public RetrievalFigures {
        Objects.requireNonNull(outcome, "outcome");
        if (passages < 0 || millis < 0) {
            throw new IllegalArgumentException("retrieval figures are never negative");
        }
        if ((outcome == RetrievalOutcome.GROUNDED) != (passages > 0)) {
            throw new IllegalArgumentException("a grounded turn has passages, and only a grounded one");
        }
    }

    public boolean grounded() {
        return outcome == RetrievalOutcome.GROUNDED;
    }
}
