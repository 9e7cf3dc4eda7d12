package com.mangaassist.knowledge.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A catalog document's names (titles, aliases, authors), normalized for finding them inside a message. */
final class Names {

    private Names() {
    }

    static List<String> of(JsonNode source) {
        List<String> names = new ArrayList<>();
        add(names, source.path("title_en").asText(""));
        add(names, source.path("title_ja").asText(""));
        for (String field : new String[] {"aliases", "authors_en", "authors_ja"}) {
            for (String part : source.path(field).asText("").split(" / ")) {
                add(names, part);
            }
        }
        return names;
    }

    private static void add(List<String> names, String name) {
        String normalized = normalize(name);
        if (!normalized.isEmpty()) {
            names.add(normalized);
        }
    }

    /**
     * NFKC (full-width to half-width), lower case, anything but letters and digits a single space,
     * padded with spaces: " slam dunk ". Latin names are then found only as whole words.
     */
    static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(folded.length() + 2).append(' ');
        folded.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                kept.appendCodePoint(cp);
            } else if (kept.charAt(kept.length() - 1) != ' ') {
                kept.append(' ');
            }
        });
        if (kept.charAt(kept.length() - 1) != ' ') {
            kept.append(' ');
        }
        return kept.length() <= 1 ? "" : kept.toString();
    }

    /**
     * Whether {@code name} (normalized) is in {@code message} (normalized): a Latin name as whole
     * words ("k on" is not inside "attack on titan"), a Japanese one anywhere, since Japanese puts no
     * spaces between words ("スラダン好き").
     */
    static boolean mentions(String message, String name) {
        String bare = name.strip();
        boolean latin = bare.codePoints().allMatch(cp -> cp < 0x3000);
        if (latin) {
            return bare.replace(" ", "").length() >= 3 && message.contains(name);
        }
        return bare.length() >= 2 && message.replace(" ", "").contains(bare.replace(" ", ""));
    }
}
