package com.mangaassist.knowledge.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.knowledge.search.OpenSearchClient;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void titles_whenTheEnglishTitleHasASubtitle_includeTheHeadBeforeTheColonButNoAuthor() {
        ObjectNode source = OpenSearchClient.json().createObjectNode().put("title_en", "Frieren: Beyond Journey's End").put("title_ja", "葬送のフリーレン")
                .put("aliases", "フリーレン / Sousou no Frieren").put("authors_en", "Kanehito Yamada");

        assertThat(Names.titles(source)).containsExactly(" frieren beyond journey s end ", " frieren ", " 葬送のフリーレン ", " フリーレン ",
                " sousou no frieren ");
    }

    @Test
    void mentionsApproximately_whenOneLetterIsWrong_isTrueButNotForAPluralOrAShortName() {
        assertThat(Names.mentionsApproximately(Names.normalize("the same feel as Frieran, quiet"), " frieren ")).isTrue();
        assertThat(Names.mentionsApproximately(Names.normalize("horror with monsters"), " monster ")).isFalse();
        assertThat(Names.mentionsApproximately(Names.normalize("like Nona"), " nana ")).isFalse();
        assertThat(Names.mentionsApproximately(Names.normalize("the same feel as Frieran"), " 葬送のフリーレン ")).isFalse();
    }

    @Test
    void editDistance_whenBeyondTheLimit_stopsAtLimitPlusOne() {
        assertThat(Names.editDistance("frieran", "frieren", 2)).isEqualTo(1);
        assertThat(Names.editDistance("kaguya", "frieren", 2)).isEqualTo(3);
    }

    @Test
    void without_whenTheMessageNamesTheSeries_leavesWhatElseItSays() {
        assertThat(Names.without("Fruits Basket is my favorite. Any other shojo?", java.util.List.of(" fruits basket "))).isEqualTo("is my favorite any other shojo");
        assertThat(Names.without("スラダン好きなんだけど似たようなのある？", java.util.List.of(" スラダン "))).isEqualTo("好きなんだけど似たようなのある");
    }
}
