package com.mangaassist.shared.wire.client;

/**
 * What a user's text may hold — a question's text, a feedback's reason: Unicode scalar values only
 * (no lone surrogate, which no encoding can carry: stored, it breaks every standard client that
 * reads it back) and no control character but newline and tab (NUL, escape and the rest are never
 * typed, only injected, and corrupt terminals and logs that print them).
 */
final class TextRules {

    private TextRules() {
    }

    /** Why the value of field {@code field} is refused, or {@code null} when it is fine; the reason names the field. */
    static String violation(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return field + " holds a lone surrogate at index " + i + ": it must be Unicode scalar values";
            }
            if (Character.isLowSurrogate(c)) {
                return field + " holds a lone surrogate at index " + i + ": it must be Unicode scalar values";
            }
            if (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t') {
                return String.format("%s holds control character U+%04X at index %d: only newline and tab are allowed", field, (int) c, i);
            }
        }
        return null;
    }
}
