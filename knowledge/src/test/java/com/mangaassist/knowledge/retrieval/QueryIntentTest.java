package com.mangaassist.knowledge.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryIntentTest {

    @Test
    void asksForSimilar_whenJapaneseSaysLikeANoun_isTrueButWantToReadIsNot() {
        assertThat(QueryIntent.asksForSimilar(RetrievalQuery.of("鬼滅みたいな漫画ない？", null))).isTrue();
        assertThat(QueryIntent.asksForSimilar(RetrievalQuery.of("矢沢あいの作品を読みたいです", null))).isFalse();
        assertThat(QueryIntent.asksForSimilar(RetrievalQuery.of("一度見てみたい", null))).isFalse();
    }

    @Test
    void withoutSimilarWords_whenEnglish_leavesTheDescription() {
        assertThat(QueryIntent.withoutSimilarWords("anything like monster i want another slow burn thriller", "en"))
                .isEqualTo("anything monster i want another slow burn thriller");
    }
}
