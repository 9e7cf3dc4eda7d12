package com.mangaassist.knowledge.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnowledgeSearchTest {

    @Test
    void withoutHiragana_whenAJapaneseMessageHasParticlesAndEndings_keepsKanjiKatakanaAndLatin() {
        assertThat(KnowledgeSearch.withoutHiragana("忍者ものの漫画ないかな")).isEqualTo("忍者 漫画");
        assertThat(KnowledgeSearch.withoutHiragana("ONE PIECEっぽい冒険")).isEqualTo("ONE PIECE 冒険");
        assertThat(KnowledgeSearch.withoutHiragana("ちはやふる")).isEmpty();
    }
}
