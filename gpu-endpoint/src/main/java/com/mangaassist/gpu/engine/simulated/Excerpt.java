package com.mangaassist.gpu.engine.simulated;

import java.util.Locale;
import java.util.Set;

/**
 * The opening of a passage's text, cut where a reader would: after whole sentences, and when even
 * the first sentence is too long, at a word (or Japanese clause) boundary with an ellipsis. The
 * simulated engine quotes only such openings, so what it says is visibly the passage's own words.
 */
final class Excerpt {

    private static final String ELLIPSIS = "…";
    /** Words a period follows without ending a sentence ("vol. 3", "e.g. this"). */
    private static final Set<String> ABBREVIATIONS = Set.of("vol", "vols", "no", "nos", "mr", "mrs", "ms", "dr", "st", "vs", "etc", "approx",
            "incl", "jr", "sr", "e.g", "i.e");

    private Excerpt() {
    }

    /**
     * Up to {@code sentences} whole sentences from the start of {@code text}, no longer than
     * {@code maxChars}; at least part of the first sentence, cut with an ellipsis when it alone is longer.
     */
    static String of(String text, int sentences, int maxChars) {
        String rest = text.strip();
        int end = 0;
        for (int taken = 0; taken < sentences && end < rest.length(); taken++) {
            int next = sentenceEnd(rest, end);
            if (next > maxChars) {
                break;
            }
            end = next;
        }
        if (end == 0) {
            return cut(rest, maxChars);
        }
        return rest.substring(0, end).strip();
    }

    /** Where the sentence starting at {@code from} ends (exclusive, its closing punctuation included), or the text's length. */
    static int sentenceEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '。' || c == '！' || c == '？') {
                return closingQuotes(text, i + 1);
            }
            if ((c == '.' || c == '!' || c == '?') && endsLatinSentence(text, from, i)) {
                return closingQuotes(text, i + 1);
            }
        }
        return text.length();
    }

    /** A Latin full stop ends a sentence before a space and a word that does not start in lower case, unless it closes an initial or an abbreviation. */
    private static boolean endsLatinSentence(String text, int from, int at) {
        int after = closingQuotes(text, at + 1);
        if (after < text.length() && !Character.isWhitespace(text.charAt(after))) {
            return false; // "1.5", "e.g.", "example.com"
        }
        int next = after;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        if (next < text.length() && Character.isLowerCase(text.charAt(next))) {
            return false;
        }
        if (text.charAt(at) != '.') {
            return true;
        }
        int wordStart = at;
        while (wordStart > from && !Character.isWhitespace(text.charAt(wordStart - 1)) && text.charAt(wordStart - 1) != '(') {
            wordStart--;
        }
        String word = text.substring(wordStart, at).toLowerCase(Locale.ROOT);
        boolean initial = word.length() == 1 && Character.isLetter(word.charAt(0));
        return !initial && !ABBREVIATIONS.contains(word);
    }

    private static int closingQuotes(String text, int from) {
        int i = from;
        while (i < text.length() && "\"'”’」』）)".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** {@code text} cut to at most {@code maxChars} (ellipsis included) at the last space or Japanese comma in its second half. */
    private static String cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int limit = Math.max(1, maxChars - ELLIPSIS.length());
        if (Character.isHighSurrogate(text.charAt(limit - 1))) {
            limit--;
        }
        int at = limit;
        for (int i = limit; i > limit / 2; i--) {
            char c = text.charAt(i);
            if (c == ' ' || c == '、' || c == '，') {
                at = i;
                break;
            }
        }
        String head = text.substring(0, at).strip();
        while (!head.isEmpty() && ",;:、（(".indexOf(head.charAt(head.length() - 1)) >= 0) {
            head = head.substring(0, head.length() - 1);
        }
        return head + ELLIPSIS;
    }
}
