package com.mangaassist.shared.grounding;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What retrieval came to for one turn. Only {@link #GROUNDED} puts documents in the prompt; every
 * other outcome answers without context ({@code done.grounded = false}) and the turn goes on: a
 * turn never fails because of retrieval.
 */
public enum RetrievalOutcome {
    /** Documents were found and are in the prompt. */
    GROUNDED,
    /** The engine answered, and nothing matched. */
    NO_HITS,
    /** The engine did not answer within the turn's retrieval deadline. */
    TIMED_OUT,
    /** The engine (or the orders table) refused or could not be reached. */
    FAILED;

    /** The metric dimension value and the chat event's field value. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The outcome of that wire name, or {@code null} when none has it. */
    public static RetrievalOutcome fromWireName(String value) {
        for (RetrievalOutcome outcome : values()) {
            if (outcome.wireName().equals(value)) {
                return outcome;
            }
        }
        return null;
    }
}
