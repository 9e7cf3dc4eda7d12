package com.mangaassist.knowledge.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalQueryTest {

    @Test
    void of_whenJapaneseOrEnglish_detectsTheLanguage() {
        assertThat(RetrievalQuery.of("おすすめのスポーツ漫画は？", null).language()).isEqualTo("ja");
        assertThat(RetrievalQuery.of("where is my last order?", null).language()).isEqualTo("en");
    }

    @Test
    void of_whenThePreviousTurnIsLong_keepsOnlyItsEndBeforeTheMessage() {
        String previous = "x".repeat(3000) + " about Slam Dunk";

        RetrievalQuery query = RetrievalQuery.of("how many volumes?", previous);

        assertThat(query.text()).hasSize(RetrievalQuery.MAX_PREVIOUS_CHARS + 1 + "how many volumes?".length())
                .endsWith(" about Slam Dunk\nhow many volumes?");
    }

    @Test
    void of_whenAFollowUp_putsThePreviousTurnFirst() {
        assertThat(RetrievalQuery.of("何巻まである？", "スラムダンクについて教えて").text()).isEqualTo("スラムダンクについて教えて\n何巻まである？");
    }

    @Test
    void of_whenHuge_keepsTheLastCharactersWithoutSplittingASurrogatePair() {
        String query = RetrievalQuery.of("😀".repeat(1_000), null).text();

        assertThat(query.length()).isLessThanOrEqualTo(RetrievalQuery.MAX_CHARS);
        assertThat(Character.isLowSurrogate(query.charAt(0))).isFalse();
    }

    @Test
    void fuse_whenADocumentIsInBothLists_ranksItAboveOneInOnlyOne() {
        RetrievedDocument a = new RetrievedDocument("a", "catalog", 0);
        RetrievedDocument b = new RetrievedDocument("b", "catalog", 0);
        RetrievedDocument c = new RetrievedDocument("c", "catalog", 0);

        List<RetrievedDocument> fused = KnowledgeSearch.fuse(List.of(List.of(a, b), List.of(c, b)), List.of(1.0, 1.0), 3);

        assertThat(fused).extracting(RetrievedDocument::id).containsExactly("b", "a", "c");
    }

    @Test
    void mentions_whenALatinNameIsInsideAnotherWord_doesNotCountIt() {
        assertThat(Names.mentions(Names.normalize("What's similar to Attack on Titan?"), Names.normalize("K-On!"))).isFalse();
        assertThat(Names.mentions(Names.normalize("What's similar to Attack on Titan?"), Names.normalize("Attack on Titan"))).isTrue();
        assertThat(Names.mentions(Names.normalize("スラダン好きなんだけど"), Names.normalize("スラダン"))).isTrue();
    }
}
