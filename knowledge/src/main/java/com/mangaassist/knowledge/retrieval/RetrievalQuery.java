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
    /** Most of the previous turn a follow-up carries: its end, where the subject usually is; the message itself keeps the rest. */
    public static final int MAX_PREVIOUS_CHARS = 160;

    public RetrievalQuery {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
    }

    public static RetrievalQuery of(String message, String previousTurn) {
        String language = languageOf(message);
        String text = previousTurn == null || previousTurn.isBlank() ? message : tail(previousTurn, MAX_PREVIOUS_CHARS) + "\n" + message;
        // Keep the end: the current message matters more than the previous turn.
        return new RetrievalQuery(tail(text, MAX_CHARS), language);
    }

    /** The last {@code max} characters of {@code text}, never starting inside a surrogate pair. */
    private static String tail(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int from = text.length() - max;
        if (Character.isLowSurrogate(text.charAt(from))) {
            from++;
        }
        return text.substring(from);
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
