package com.mangaassist.knowledge.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryWordsTest {

    @Test
    void withoutChatter_whenEnglish_removesWholeChatterWordsOnly() {
        assertThat(QueryWords.withoutChatter("Can you recommend some good baseball manga for me?", "en")).isEqualTo("baseball");
        assertThat(QueryWords.withoutChatter("Dorohedoro", "en")).isEqualTo("Dorohedoro");
    }

    @Test
    void withoutChatter_whenJapanese_removesChatterAnywhere() {
        assertThat(QueryWords.withoutChatter("おすすめのスポーツ漫画を教えてください", "ja")).isEqualTo("のスポーツ を");
    }

    @Test
    void withoutChatter_whenNothingButChatter_keepsTheText() {
        assertThat(QueryWords.withoutChatter("any manga?", "en")).isEqualTo("any manga?");
        assertThat(QueryWords.withoutChatter("manga", "en")).isEqualTo("manga");
    }

    @Test
    void onlyChatter_whenWordsAndPunctuationSayNothing_isTrue() {
        assertThat(QueryWords.onlyChatter("what's to ?", "en")).isTrue();
        assertThat(QueryWords.onlyChatter("slow burn psychological thriller", "en")).isFalse();
        assertThat(QueryWords.onlyChatter("おすすめ教えて", "ja")).isTrue();
    }

    @Test
    void withoutNegated_whenEnglishRulesSomethingOut_dropsItUpToPunctuationOrAConjunction() {
        assertThat(QueryWords.withoutNegated("office romance, grown-up characters not high schoolers", "en"))
                .isEqualTo("office romance, grown-up characters");
        assertThat(QueryWords.withoutNegated("fantasy without magic schools, but with dragons", "en")).isEqualTo("fantasy , but with dragons");
        assertThat(QueryWords.withoutNegated("horror rather than gore and something short", "en")).isEqualTo("horror and something short");
    }

    @Test
    void withoutNegated_whenTheWordIsARomanizedParticleOrJapanese_keepsTheText() {
        assertThat(QueryWords.withoutNegated("If I like Hajime no Ippo what else would I enjoy?", "en"))
                .isEqualTo("If I like Hajime no Ippo what else would I enjoy?");
        assertThat(QueryWords.withoutNegated("恋愛じゃない漫画", "ja")).isEqualTo("恋愛じゃない漫画");
        assertThat(QueryWords.withoutNegated("not", "en")).isEqualTo("not");
    }

    @Test
    void wordPairs_whenEnglish_pairsAdjacentWordsWithoutChatterUpToTheLimit() {
        assertThat(QueryWords.wordPairs("What magical girl manga do you have?", "en", 12)).containsExactly("magical girl");
        assertThat(QueryWords.wordPairs("time travel and cross dressing stories", "en", 2)).containsExactly("time travel", "travel cross");
        assertThat(QueryWords.wordPairs("manga please", "en", 12)).isEmpty();
    }
}
