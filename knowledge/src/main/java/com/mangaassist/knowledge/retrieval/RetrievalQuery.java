package com.mangaassist.knowledge.retrieval;

import java.util.Objects;

/**
 * What is searched for a turn: the message, with the previous user turn before it for a follow-up
 * ("how many volumes does it have?" means nothing alone), in the language the message is written in
 * (which decides the fields searched and which policies may be returned). At most
 * {@value #MAX_CHARS} characters reach the engine: a huge message is cut, never sent whole.
 */
public record RetrievalQuery(String text, String language) {

    public static final int MAX_CHARS = 512;

    public RetrievalQuery {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
    }

    public static RetrievalQuery of(String message, String previousTurn) {
        String language = languageOf(message);
        String text = previousTurn == null || previousTurn.isBlank() ? message : previousTurn + "\n" + message;
        if (text.length() > MAX_CHARS) {
            // Keep the end: the current message matters more than the previous turn.
            int from = text.length() - MAX_CHARS;
            if (Character.isLowSurrogate(text.charAt(from))) {
                from++;
            }
            text = text.substring(from);
        }
        return new RetrievalQuery(text, language);
    }

    /** {@code ja} when the text holds kana or CJK ideographs, else {@code en}. */
    public static String languageOf(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HAN) {
                return "ja";
            }
            i += Character.charCount(cp);
        }
        return "en";
    }
}
