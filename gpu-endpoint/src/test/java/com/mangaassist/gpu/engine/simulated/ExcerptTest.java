package com.mangaassist.gpu.engine.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {

    @Test
    void of_whenSentencesFit_takesWholeSentencesUpToTheCount() {
        assertThat(Excerpt.of("One thing. Two things. Three.", 2, 100)).isEqualTo("One thing. Two things.");
        assertThat(Excerpt.of("全5巻。在庫あり。紙版。", 2, 100)).isEqualTo("全5巻。在庫あり。");
    }

    @Test
    void of_whenPeriodClosesAnInitialAbbreviationOrNumber_doesNotEndTheSentence() {
        assertThat(Excerpt.of("By T. Inoue, vol. 3 costs 1.5 times more. Next.", 1, 100)).isEqualTo("By T. Inoue, vol. 3 costs 1.5 times more.");
        assertThat(Excerpt.of("Read it, e.g. on the train. Later.", 1, 100)).isEqualTo("Read it, e.g. on the train.");
    }

    @Test
    void of_whenTheSecondSentenceWouldPassTheLimit_stopsAtTheFirst() {
        assertThat(Excerpt.of("Short one. Then " + "a".repeat(200) + ".", 2, 50)).isEqualTo("Short one.");
    }

    @Test
    void of_whenTheFirstSentenceIsTooLong_cutsAtAWordOrClauseWithAnEllipsis() {
        String english = Excerpt.of("A long sentence that keeps going, and going well past the limit it was given.", 1, 40);
        String japanese = Excerpt.of("神奈川の高校で卓球部に所属する、天才肌でお調子者のペコと無表情なスマイルの物語。", 1, 24);

        assertThat(english).isEqualTo("A long sentence that keeps going, and…").hasSizeLessThanOrEqualTo(40);
        assertThat(japanese).isEqualTo("神奈川の高校で卓球部に所属する…");
    }
}
