package com.mangaassist.knowledge.retrieval;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What a message asks for beyond its words: here, whether it asks for series like one it names. */
final class QueryIntent {

    private static final Pattern EN_SIMILAR = Pattern.compile("\\b(like|similar|same (feel|vibe|kind)|in the vein of|if i (like|liked|loved|enjoyed)|"
            + "i (loved|liked|enjoyed)|what else|read next|more like|resembl)", Pattern.CASE_INSENSITIVE);
    private static final List<String> JA_SIMILAR = List.of("みたい", "似た", "似て", "っぽい", "ような", "ようなの", "好きなんだけど", "好きなので",
            "好きだった", "ハマった", "系の", "雰囲気");

    private QueryIntent() {
    }

    static boolean asksForSimilar(RetrievalQuery query) {
        String text = query.text();
        if ("ja".equals(query.language())) {
            return JA_SIMILAR.stream().anyMatch(text::contains);
        }
        return EN_SIMILAR.matcher(text.toLowerCase(Locale.ROOT)).find();
    }
}
