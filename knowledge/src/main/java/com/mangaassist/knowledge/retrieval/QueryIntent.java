package com.mangaassist.knowledge.retrieval;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a message asks for beyond its words: here, whether it asks for series like one it names. */
final class QueryIntent {

    private static final Pattern EN_SIMILAR = Pattern.compile("\\b(like|similar|same (feel|vibe|kind)|in the vein of|if i (like|liked|loved|enjoyed)|"
            + "i (loved|liked|enjoyed)|what else|read next|more like|resembl)", Pattern.CASE_INSENSITIVE);
    /**
     * "鬼滅みたいな", "似た", "っぽい"…; "みたい" only after a noun: after a verb stem it is "want to"
     * ("読みたい" want to read, "見てみたい" want to try watching), not "like".
     */
    private static final Pattern JA_SIMILAR = Pattern.compile("(?<![読見観試てし])みたい|似た|似て|っぽい|ような|好きなんだけど|好きなので|好きだった|ハマった|"
            + "系の|雰囲気");

    private QueryIntent() {
    }

    /** {@code text} without the words that only say "like" ("similar to", "みたいな"): what is left describes what is wanted. */
    static String withoutSimilarWords(String text, String language) {
        String cleaned = "ja".equals(language) ? JA_SIMILAR.matcher(text).replaceAll(" ") : EN_SIMILAR.matcher(text).replaceAll(" ");
        return cleaned.replaceAll("\\s+", " ").strip();
    }

    static boolean asksForSimilar(RetrievalQuery query) {
        String text = query.text();
        if ("ja".equals(query.language())) {
            return JA_SIMILAR.matcher(text).find();
        }
        return EN_SIMILAR.matcher(text.toLowerCase(Locale.ROOT)).find();
    }
}
