package com.mangaassist.gpu.engine.simulated;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an answer into model-token-sized pieces, so the simulated engine streams, counts and caps
 * ({@code maxTokens}) about as a real tokenizer would: words with their trailing space for Latin
 * text, two characters at a time for Japanese.
 */
final class AnswerTokens {

    private AnswerTokens() {
    }

    static List<String> split(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int end;
            if (cp < 0x3000) {
                end = i;
                while (end < text.length() && text.charAt(end) != ' ' && text.codePointAt(end) < 0x3000) {
                    end++;
                }
                while (end < text.length() && text.charAt(end) == ' ') {
                    end++;
                }
                end = Math.max(end, i + Character.charCount(cp));
            } else {
                end = i + Character.charCount(cp);
                if (end < text.length() && text.codePointAt(end) >= 0x3000) {
                    end += Character.charCount(text.codePointAt(end));
                }
            }
            tokens.add(text.substring(i, end));
            i = end;
        }
        return tokens;
    }
}
