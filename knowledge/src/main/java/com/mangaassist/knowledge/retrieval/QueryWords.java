package com.mangaassist.knowledge.retrieval;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The words of a chat message that say nothing about which document is wanted ("recommend",
 * "manga", "please", "おすすめ", "教えて"): in a catalog of manga every document is a manga, so
 * they only add noise to BM25 (every synopsis says "manga"). Removed before the lexical search;
 * the vector search sees the message whole.
 */
final class QueryWords {

    private static final Pattern EN = Pattern.compile("\\b(manga|mangas|comics?|series|recommend(ation)?s?|suggest(ions?)?|please|any|some|"
            + "good|great|best|titles?|books?|read|reading|want|looking|for|me|i|you|can|could|would|do|does|have|has|is|are|there|what|which|"
            + "a|an|the|of|to|in|on|with|about|something|anything|list|give|tell|show|my|it|its|that|this|other|another|more|else|need|just|"
            + "stuff|s|was|be|so|and|or|but|if|enjoy|favou?rite|finished|next|should)\\b", Pattern.CASE_INSENSITIVE);
    private static final List<String> JA = List.of("おすすめ", "オススメ", "お勧め", "教えて", "ください", "下さい", "ありますか", "ある？", "ない？",
            "読みたい", "知りたい", "探してます", "探しています", "漫画", "マンガ", "まんが", "作品");

    /**
     * An English negation and what it rules out, up to the next punctuation or conjunction and at
     * most three words: "grown-up characters not high schoolers" must not search for high schoolers.
     * "no" is not one: it is the particle of romanized titles ("Hajime no Ippo", "Hotaru no Hikari").
     */
    private static final Pattern EN_NEGATED = Pattern.compile("\\b(not|without|instead of|rather than|except)\\b((\\s+(?!(but|and|or)\\b)[\\w'-]+){1,3})",
            Pattern.CASE_INSENSITIVE);

    private QueryWords() {
    }

    /**
     * {@code text} without what an English message says it does not want (BM25 and a sentence
     * embedding both score a negated word as if it were wanted); Japanese is left as written.
     */
    static String withoutNegated(String text, String language) {
        if ("ja".equals(language)) {
            return text;
        }
        String cleaned = EN_NEGATED.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").strip();
        return cleaned.isEmpty() ? text : cleaned;
    }

    /**
     * The adjacent pairs of the message's words, chatter removed ("magical girl stories" → "magical
     * girl", "girl stories"): the two-word tags a message may name, at most {@code max} of them.
     */
    static List<String> wordPairs(String text, String language, int max) {
        String[] words = strip(text, language).split(" ");
        List<String> pairs = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < words.length && pairs.size() < max; i++) {
            if (!words[i].isEmpty() && !words[i + 1].isEmpty()) {
                pairs.add(words[i] + " " + words[i + 1]);
            }
        }
        return pairs;
    }

    /** Whether {@code text} holds nothing but chatter (or nothing at all). */
    static boolean onlyChatter(String text, String language) {
        return strip(text, language).isEmpty();
    }

    static String withoutChatter(String text, String language) {
        String cleaned = strip(text, language);
        // A message of nothing but chatter still searches as written.
        return cleaned.isEmpty() ? text : cleaned;
    }

    private static String strip(String text, String language) {
        String cleaned = text;
        if ("ja".equals(language)) {
            for (String word : JA) {
                cleaned = cleaned.replace(word, " ");
            }
        } else {
            cleaned = EN.matcher(cleaned).replaceAll(" ");
        }
        return cleaned.replaceAll("[\\s\\p{Punct}]+", " ").strip();
    }
}
