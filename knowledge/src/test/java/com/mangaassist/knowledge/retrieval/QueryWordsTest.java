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
}
