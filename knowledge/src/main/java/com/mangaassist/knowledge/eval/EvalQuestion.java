package com.mangaassist.knowledge.eval;

import java.util.List;
import java.util.Objects;

/**
 * One hand-written question of the retrieval eval (data/eval/questions.jsonl), with the documents
 * a good retriever must find, judged from the data.
 *
 * @param kind         genre, author, similar, fact, policy or followup
 * @param previousTurn the user's previous message for a follow-up; {@code null} otherwise
 */
public record EvalQuestion(String id, String language, String kind, String question, String previousTurn, List<String> relevant) {

    public EvalQuestion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(question, "question");
        relevant = List.copyOf(relevant);
    }
}
