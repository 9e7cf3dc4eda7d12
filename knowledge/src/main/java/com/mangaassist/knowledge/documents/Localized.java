package com.mangaassist.knowledge.documents;

import java.util.Objects;

/** A text in Japanese and English; both are required, since half the traffic asks in each. */
public record Localized(String ja, String en) {

    public Localized {
        Objects.requireNonNull(ja, "ja");
        Objects.requireNonNull(en, "en");
    }

    /** The text in {@code language} ({@code ja} or anything else for English). */
    public String in(String language) {
        return "ja".equals(language) ? ja : en;
    }
}
