package com.mangaassist.shared.wire.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.ErrorCode;
import java.util.Objects;

/**
 * One stored turn returned on resume. A message's question is turn {@code 2k-1} and its answer
 * turn {@code 2k}, so an answer always sits right after its question, however late it came.
 *
 * @param seq   the turn's position in the conversation (1-based)
 * @param route  for answers, which path answered; {@code null} for questions
 * @param tokens for answers, the completion tokens the model reported for the stored answer (what the page showed when it
 *               streamed, so a reload shows the same count); {@code null} for questions and answers without one
 * @param rating for answers, the caller's stored rating of it (ADR 0045), so a reloaded page shows the choice;
 *               {@code null} for questions and answers nobody rated
 * @param state for questions, whether the message is answered, pending or failed; {@code null} for answers
 * @param code  for failed questions, what the message ended with; {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResumedTurn(long seq, Role role, String messageId, String text, Route route, Integer tokens, Rating rating, TurnState state,
                          ErrorCode code) {

    public ResumedTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        if (role == Role.USER && state == null) {
            throw new IllegalArgumentException("a question carries its state");
        }
        if (role == Role.USER && (tokens != null || rating != null)) {
            throw new IllegalArgumentException("only an answer carries a token count or a rating");
        }
        if ((state == TurnState.FAILED) != (code != null)) {
            throw new IllegalArgumentException("a failed question carries its code, and only a failed one");
        }
    }

    public static ResumedTurn question(long seq, String messageId, String text, TurnState state, ErrorCode code) {
        return new ResumedTurn(seq, Role.USER, messageId, text, null, null, null, state, code);
    }

    /** An answer nobody rated. */
    public static ResumedTurn answer(long seq, String messageId, String text, Route route, Integer tokens) {
        return answer(seq, messageId, text, route, tokens, null);
    }

    /** @param rating the caller's stored rating of it, or {@code null} */
    public static ResumedTurn answer(long seq, String messageId, String text, Route route, Integer tokens, Rating rating) {
        return new ResumedTurn(seq, Role.ASSISTANT, messageId, text, route, tokens, rating, null, null);
    }

    /** This turn with {@code cut} as its text (a resume that must fit one frame), everything else as it is. */
    public ResumedTurn withText(String cut) {
        return new ResumedTurn(seq, role, messageId, cut, route, tokens, rating, state, code);
    }
}
