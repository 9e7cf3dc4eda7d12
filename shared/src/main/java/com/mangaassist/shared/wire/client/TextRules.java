package com.mangaassist.shared.wire.client;

/**
 * What a user's text may hold: Unicode scalar values only (no lone surrogate, which no encoding
 * can carry: stored, it breaks every standard client that reads it back) and no control
 * character but newline and tab (NUL, escape and the rest are never typed, only injected, and
 * corrupt terminals and logs that print them).
 */
final class TextRules {

    private TextRules() {
    }

    /** Why {@code text} is refused, or {@code null} when it is fine. */
    static String violation(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "text holds a lone surrogate at index " + i + ": it must be Unicode scalar values";
            }
            if (Character.isLowSurrogate(c)) {
                return "text holds a lone surrogate at index " + i + ": it must be Unicode scalar values";
            }
            if (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t') {
                return String.format("text holds control character U+%04X at index %d: only newline and tab are allowed", (int) c, i);
            }
        }
        return null;
    }
}
