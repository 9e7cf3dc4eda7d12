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
        List<String> names = titles(source);
        for (String field : new String[] {"authors_en", "authors_ja"}) {
            for (String part : source.path(field).asText("").split(" / ")) {
                add(names, part);
            }
        }
        return names;
    }

    /**
     * The names of the series itself (titles and aliases), without its authors'; a title's head
     * before a colon too, as people call it ("Frieren: Beyond Journey's End" is "Frieren").
     */
    static List<String> titles(JsonNode source) {
        List<String> names = new ArrayList<>();
        String english = source.path("title_en").asText("");
        add(names, english);
        int colon = english.indexOf(':');
        if (colon >= 4) {
            add(names, english.substring(0, colon));
        }
        add(names, source.path("title_ja").asText(""));
        for (String field : new String[] {"aliases"}) {
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
     * {@code message} without every one of {@code names} (normalized) it mentions, as
     * {@link #mentions} finds them: normalized, with what is left.
     */
    static String without(String message, List<String> names) {
        String text = normalize(message);
        for (String name : names) {
            if (!mentions(text, name)) {
                continue;
            }
            String bare = name.strip();
            boolean latin = bare.codePoints().allMatch(cp -> cp < 0x3000);
            text = latin ? text.replace(name, " ") : text.replace(" ", "").replace(bare.replace(" ", ""), " ");
        }
        return text.replaceAll("\\s+", " ").strip();
    }

    /**
     * Whether {@code message} (normalized) has a run of as many words as the Latin {@code name}
     * (normalized, at least {@value #MIN_APPROXIMATE_LETTERS} letters) within one edit of it (two
     * from twelve letters): "frieran" for "frieren". A plural is not a misspelling ("monsters" does
     * not name "Monster").
     */
    static boolean mentionsApproximately(String message, String name) {
        String bare = name.strip();
        if (bare.replace(" ", "").length() < MIN_APPROXIMATE_LETTERS || !bare.codePoints().allMatch(cp -> cp < 0x3000)) {
            return false;
        }
        int allowed = bare.length() >= 12 ? 2 : 1;
        String[] words = message.strip().split(" ");
        int span = bare.split(" ").length;
        for (int i = 0; i + span <= words.length; i++) {
            String run = String.join(" ", java.util.Arrays.copyOfRange(words, i, i + span));
            if (!run.equals(bare + "s") && !run.equals(bare + "es") && editDistance(run, bare, allowed) <= allowed) {
                return true;
            }
        }
        return false;
    }

    private static final int MIN_APPROXIMATE_LETTERS = 6;

    /** Levenshtein distance, or {@code limit + 1} as soon as it must exceed {@code limit}. */
    static int editDistance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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
