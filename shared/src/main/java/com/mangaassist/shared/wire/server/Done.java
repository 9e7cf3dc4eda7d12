package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.mangaassist.shared.domain.Route;
import java.util.List;
import java.util.Objects;

/**
 * Attempt {@code attempt}'s answer is complete and stored: what its tokens spelt is the answer.
 *
 * @param turnSeq      the answer's position in the conversation (right after its question's)
 * @param route        which compute path answered (baseline or overflow)
 * @param truncated    true when earlier turns were left out of the prompt to fit the window
 * @param turnsDropped how many history turns were left out (0 when not truncated)
 * @param grounded     true when retrieved documents were in the prompt; false when retrieval found
 *                     nothing, was too slow or was down (the answer then came without context)
 * @param sources      the documents in the prompt, in the order the model saw them (empty when not grounded)
 * @param quota        the caller's usage against its budgets with this answer charged (ADR 0046); absent when the
 *                     process that answered could not read it
 */
@JsonTypeName(Done.TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Done(String messageId, long seq, int attempt, long turnSeq, Route route, Usage usage, boolean truncated, int turnsDropped,
                   boolean grounded, List<Source> sources, Quota quota)
        implements ServerFrame {

    public static final String TYPE = "done";

    public Done {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(usage, "usage");
        Attempts.require(attempt);
        if (seq < 1 || turnSeq < 2) {
            throw new IllegalArgumentException("done follows the ack (seq >= 1) and its question (turnSeq >= 2)");
        }
        if (truncated != (turnsDropped > 0)) {
            throw new IllegalArgumentException("truncated must be true exactly when turns were dropped");
        }
        sources = List.copyOf(sources);
        if (grounded == sources.isEmpty()) {
            throw new IllegalArgumentException("grounded must be true exactly when the answer has sources");
        }
        if (sources.size() > Source.MAX_PER_ANSWER) {
            throw new IllegalArgumentException("a done carries at most " + Source.MAX_PER_ANSWER + " sources");
        }
    }

    /** Without the caller's usage. */
    public Done(String messageId, long seq, int attempt, long turnSeq, Route route, Usage usage, boolean truncated, int turnsDropped,
                boolean grounded, List<Source> sources) {
        this(messageId, seq, attempt, turnSeq, route, usage, truncated, turnsDropped, grounded, sources, null);
    }
}
