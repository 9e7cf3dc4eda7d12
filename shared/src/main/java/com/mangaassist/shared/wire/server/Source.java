package com.mangaassist.shared.wire.server;

import java.util.Objects;

/**
 * A document an answer was grounded on, as the page cites it: never its text, only what names it.
 *
 * @param id    the document's id (a catalog series, a store policy, or one of the caller's own orders)
 * @param kind  {@code catalog}, {@code policy} or {@code order}
 * @param title what the citation shows
 */
public record Source(String id, String kind, String title) {

    /** Most sources one {@code done} carries: the RAG slot never holds more passages than this. */
    public static final int MAX_PER_ANSWER = 8;
    public static final int MAX_TITLE_CHARS = 200;

    public Source {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        if (!kind.equals("catalog") && !kind.equals("policy") && !kind.equals("order")) {
            throw new IllegalArgumentException("a source is a catalog series, a policy or an order, not " + kind);
        }
        if (title.length() > MAX_TITLE_CHARS) {
            throw new IllegalArgumentException("a source title has at most " + MAX_TITLE_CHARS + " characters");
        }
    }
}
