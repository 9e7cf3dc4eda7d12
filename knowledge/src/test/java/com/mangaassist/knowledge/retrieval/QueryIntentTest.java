package com.mangaassist.knowledge.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryIntentTest {

    @Test
    void asksForSimilar_whenJapaneseSaysLikeANoun_isTrueButWantToReadIsNot() {
        assertThat(QueryIntent.asksForSimilar(RetrievalQuery.of("鬼滅みたいな漫画ない？", null))).isTrue();
        assertThat(QueryIntent.asksForSimilar(RetrievalQuery.of("矢沢あいの作品を読みたいです", null))).isFalse();
        assertThat(QueryIntent.asksForSimilar(RetrievalQuery.of("一度見てみたい", null))).isFalse();
        assertThat(QueryIntent.asksForSimilar(RetrievalQuery.of("ブルーピリオド読んでみたいです", null))).isFalse();
    }

    @Test
    void asksForSameCreator_whenTheMessageAsksForTheCreatorsOtherWorks_isTrueAndLikenessIsNot() {
        assertThat(QueryIntent.asksForSameCreator(RetrievalQuery.of("What else has the same creator made?", "Do you sell Mob Psycho 100?"))).isTrue();
        assertThat(QueryIntent.asksForSameCreator(RetrievalQuery.of("any other works by the author of Monster?", null))).isTrue();
        assertThat(QueryIntent.asksForSameCreator(RetrievalQuery.of("作者って他にどんな漫画描いてる？", "ハガレンってどんな話？"))).isTrue();
        assertThat(QueryIntent.asksForSameCreator(RetrievalQuery.of("同じ作者の作品ある？", null))).isTrue();
        assertThat(QueryIntent.asksForSameCreator(RetrievalQuery.of("What's similar to Attack on Titan?", null))).isFalse();
        assertThat(QueryIntent.asksForSameCreator(RetrievalQuery.of("鬼滅みたいな漫画ない？", null))).isFalse();
        assertThat(QueryIntent.asksForSameCreator(RetrievalQuery.of("原作者って誰？", "推しの子の漫画ありますか"))).isFalse();
    }

    @Test
    void withoutSimilarWords_whenEnglish_leavesTheDescription() {
        assertThat(QueryIntent.withoutSimilarWords("anything like monster i want another slow burn thriller", "en"))
                .isEqualTo("anything monster i want another slow burn thriller");
    }
}
