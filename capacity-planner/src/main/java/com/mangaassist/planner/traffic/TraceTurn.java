package com.mangaassist.planner.traffic;

import java.util.Objects;

/**
 * One user message of a trace.
 *
 * @param at           seconds since the trace's start
 * @param locale       BCP 47 tag the turn's language comes from ("ja", "en-US")
 * @param query        the user's text when the trace has it; the model selector reads its cues
 */
public record TraceTurn(double at, String user, String conversation, int tokensIn, int tokensOut, String locale, String query) {

    public TraceTurn {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(query, "query");
    }
}
