package com.mangaassist.shared.grounding;

import com.mangaassist.shared.wire.server.Source;
import java.util.Objects;

/**
 * One retrieved document as the model is given it: what names it, and its text in the asker's
 * language (a series' facts and synopsis, a policy, one of the caller's own orders).
 *
 * @param kind {@code catalog}, {@code policy} or {@code order}
 */
public record Passage(String id, String kind, String title, String text) {

    public Passage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
    }

    /** How the page cites it. */
    public Source source() {
        return new Source(id, kind, title.length() > Source.MAX_TITLE_CHARS ? title.substring(0, Source.MAX_TITLE_CHARS) : title);
    }
}
