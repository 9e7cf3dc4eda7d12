package com.mangaassist.pipeline.turn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityExtractorTest {

    private final EntityExtractor extractor = new EntityExtractor();

    @Test
    void extract_findsQuotedTitlesOrderNumbersAndIsbns() {
        assertThat(extractor.extract("Is 「ベルセルク」 like \"Vagabond\"? My order #1234567 had ISBN 978-4-592-13221-0."))
                .containsExactly("ベルセルク", "Vagabond", "order 1234567", "isbn 978-4-592-13221-0");
    }

    @Test
    void extract_whenNothingNotable_isEmpty() {
        assertThat(extractor.extract("any good manga for a long flight?")).isEmpty();
    }

    @Test
    void extract_keepsAtMostEightEntities() {
        assertThat(extractor.extract("「a」「b」「c」「d」「e」「f」「g」「h」「i」「j」")).hasSize(EntityExtractor.MAX_ENTITIES);
    }
}
