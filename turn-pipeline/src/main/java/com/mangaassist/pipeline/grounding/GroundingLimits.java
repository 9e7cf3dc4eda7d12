package com.mangaassist.pipeline.grounding;

import com.mangaassist.shared.wire.server.Source;
import java.time.Duration;
import java.util.Objects;

/**
 * How much retrieval may cost a turn.
 *
 * @param deadline      how long the turn waits for retrieval before it answers without context
 * @param topK          catalog and policy passages asked for
 * @param orders        the caller's most recent orders looked up for an order question
 * @param slotTokens    the RAG slot: most tokens the passages take in the prompt (the design's median is ~280)
 * @param passageTokens most tokens one passage takes (a long synopsis is cut), so one document cannot fill the slot
 */
public record GroundingLimits(Duration deadline, int topK, int orders, int slotTokens, int passageTokens) {

    public static final GroundingLimits DEFAULTS = new GroundingLimits(Duration.ofMillis(250), 5, 3, 640, 140);

    public GroundingLimits {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the retrieval deadline must be positive");
        }
        if (topK < 1 || topK > Source.MAX_PER_ANSWER || orders < 0 || orders > Source.MAX_PER_ANSWER) {
            throw new IllegalArgumentException("topK must be 1.." + Source.MAX_PER_ANSWER + " and orders 0.." + Source.MAX_PER_ANSWER);
        }
        if (passageTokens < 16 || slotTokens < passageTokens) {
            throw new IllegalArgumentException("a passage gets at least 16 tokens, and the slot at least one passage");
        }
    }

    public GroundingLimits withDeadline(Duration value) {
        return new GroundingLimits(value, topK, orders, slotTokens, passageTokens);
    }
}
