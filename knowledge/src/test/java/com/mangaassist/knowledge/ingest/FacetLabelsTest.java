package com.mangaassist.knowledge.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FacetLabelsTest {

    @Test
    void mentioned_whenAJapaneseMessageNamesAGenre_findsItInsideTheText() {
        assertThat(FacetLabels.mentioned("おすすめのスポーツ漫画は？", "ja")).isEqualTo(Map.of("genres", Set.of("sports")));
    }

    @Test
    void mentioned_whenAnEnglishMessageNamesStatusAndGenre_findsBoth() {
        assertThat(FacetLabels.mentioned("A completed romance, please", "en"))
                .isEqualTo(Map.of("status", Set.of("completed"), "genres", Set.of("romance")));
    }

    @Test
    void mentioned_whenEnglishNamesReadersByPhrase_findsTheDemographicsButNotCharactersWhoAreKids() {
        assertThat(FacetLabels.mentioned("Completed cooking manga aimed at adults?", "en"))
                .isEqualTo(Map.of("status", Set.of("completed"), "genres", Set.of("cooking"), "demographic", Set.of("seinen", "josei")));
        assertThat(FacetLabels.mentioned("good manga for kids?", "en")).isEqualTo(Map.of("demographic", Set.of("kodomo")));
        assertThat(FacetLabels.mentioned("manga about kids starting a band?", "en")).isEmpty();
    }

    @Test
    void mentioned_whenEnglishWordsOnlyContainALabel_findsNothing() {
        assertThat(FacetLabels.mentioned("How does shipping work? Is the school closed?", "en")).isEqualTo(Map.of("genres", Set.of("school")));
        assertThat(FacetLabels.mentioned("Transportation fees for my order", "en")).isEmpty();
    }

    @Test
    void word_whenJapanese_isTheFirstLabelAndEnglishIsTheWireName() {
        assertThat(FacetLabels.word("slice-of-life", "ja")).isEqualTo("日常");
        assertThat(FacetLabels.word("slice-of-life", "en")).isEqualTo("slice of life");
        assertThat(FacetLabels.word("unknown-facet", "ja")).isEqualTo("unknown-facet");
    }
}
