package com.mangaassist.knowledge.retrieval;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a message asks for beyond its words: series like one it names, or the other works of the
 * people who made one it names ("what else has the same creator made?" is not "something like it").
 */
final class QueryIntent {

    private static final Pattern EN_SIMILAR = Pattern.compile("\\b(like|similar|same (feel|vibe|kind)|in the vein of|if i (like|liked|loved|enjoyed)|"
            + "i (loved|liked|enjoyed)|what else|read next|more like|resembl)", Pattern.CASE_INSENSITIVE);
    /**
     * "鬼滅みたいな", "似た", "っぽい"…; "みたい" only after a noun: after a verb stem or a te-form it
     * is "want to" ("読みたい" want to read, "見てみたい" want to try watching, "読んでみたい" want to
     * try reading), not "like".
     */
    private static final Pattern JA_SIMILAR = Pattern.compile("(?<![読見観試てでし])みたい|似た|似て|っぽい|ような|好きなんだけど|好きなので|好きだった|ハマった|"
            + "系の|雰囲気");

    /** "the same creator", "other works by", "who else … drew": the people behind the series, not its kind. */
    private static final Pattern EN_SAME_CREATOR = Pattern.compile("\\bsame (creator|author|mangaka|artist|writer)s?\\b|"
            + "\\b(other|more) (works?|manga|series|books|titles|stuff) (by|from)\\b|\\b(creator|author|mangaka|artist|writer)s?'?s? other\\b|"
            + "\\b(what|anything) else (did|has|have) (the )?(creator|author|mangaka|artist|writer)s?\\b", Pattern.CASE_INSENSITIVE);
    /** "作者って他に…", "同じ作者の", "原作者の他の作品": the person (作者, 作家, 漫画家…) and another of their works. */
    private static final Pattern JA_SAME_CREATOR = Pattern.compile("同じ(作者|作家|漫画家|先生|著者)|(作者|作家|漫画家|先生|著者)[^。？?！!]{0,6}(他|ほか|別)");

    private QueryIntent() {
    }

    /** {@code text} without the words that only say "like" ("similar to", "みたいな"): what is left describes what is wanted. */
    static String withoutSimilarWords(String text, String language) {
        String cleaned = "ja".equals(language) ? JA_SIMILAR.matcher(text).replaceAll(" ") : EN_SIMILAR.matcher(text).replaceAll(" ");
        return cleaned.replaceAll("\\s+", " ").strip();
    }

    static boolean asksForSameCreator(RetrievalQuery query) {
        return ("ja".equals(query.language()) ? JA_SAME_CREATOR : EN_SAME_CREATOR).matcher(query.text()).find();
    }

    static boolean asksForSimilar(RetrievalQuery query) {
        String text = query.text();
        if ("ja".equals(query.language())) {
            return JA_SIMILAR.matcher(text).find();
        }
        return EN_SIMILAR.matcher(text.toLowerCase(Locale.ROOT)).find();
    }
}
