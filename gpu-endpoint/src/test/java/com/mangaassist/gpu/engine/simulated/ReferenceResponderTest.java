package com.mangaassist.gpu.engine.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.grounding.Passage;
import com.mangaassist.shared.grounding.ReferenceBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceResponderTest {

    private static final Passage PING_PONG = new Passage("ping-pong", "catalog", "Ping Pong (ピンポン)",
            "By Taiyo Matsumoto. Seinen, sports, drama. 5 volumes, Shogakukan (Big Comic Spirits). Two childhood friends on a table tennis team.");
    private static final Passage REAL = new Passage("real", "catalog", "Real (リアル)",
            "By Takehiko Inoue. Seinen, sports, drama. 15 volumes, Shueisha.");
    private static final Passage PING_PONG_JA = new Passage("ping-pong", "catalog", "ピンポン（Ping Pong）",
            "著者: 松本大洋。青年・スポーツ・ドラマ。全5巻、小学館（ビッグコミックスピリッツ）。");
    private static final Passage REAL_JA = new Passage("real", "catalog", "リアル（Real）", "著者: 井上雄彦。青年・スポーツ・ドラマ。全15巻、集英社。");
    private static final Passage SHIPPING = new Passage("shipping-domestic-en", "policy", "Shipping within Japan: carriers and fees",
            "MangaAssist Store ships domestic orders with two carriers. Small orders go by Japan Post Yu-Packet. Shipping is free from 5,000 JPY.");
    private static final Passage RETURNS_JA = new Passage("returns-ja", "policy", "返品について",
            "未開封の商品は到着後8日以内であれば返品できます。開封済みの商品は返品できません。返送料はお客様のご負担です。");
    private static final Passage ORDER = new Passage("order-A-1234", "order", "Order A-1234",
            "Order A-1234 (Berserk vol. 3) shipped on 2026-11-04 with Yamato Transport, tracking number 1234-5678-9012.");

    @Test
    void answer_whenCatalogPassagesInEnglish_namesEveryTitleInOrderWithCitationAndFirstSentence() {
        String answer = ReferenceResponder.answer("Something like Slam Dunk?", "chatbot-en", ReferenceBlock.render(List.of(PING_PONG, REAL)));

        assertThat(answer).startsWith("From the store's catalog")
                .containsSubsequence("Ping Pong (ピンポン) [1] — By Taiyo Matsumoto.", "Real (リアル) [2] — By Takehiko Inoue.")
                .doesNotContain("Seinen", "Slam Dunk");
    }

    @Test
    void answer_whenQuestionHasKanaOrKanji_answersInJapaneseNamingTheTitlesInOrder() {
        String answer = ReferenceResponder.answer("スラムダンクみたいな漫画は？", "chatbot-en", ReferenceBlock.render(List.of(PING_PONG_JA, REAL_JA)));

        assertThat(answer).startsWith("ストアのカタログから")
                .containsSubsequence("『ピンポン（Ping Pong）』[1]：著者: 松本大洋。", "『リアル（Real）』[2]：著者: 井上雄彦。")
                .doesNotContain("スラムダンク", "青年");
    }

    @Test
    void answer_whenPolicyPassage_quotesItsFirstTwoSentencesWithItsCitation() {
        String answer = ReferenceResponder.answer("How do you ship?", "chatbot-en", ReferenceBlock.render(List.of(SHIPPING)));

        assertThat(answer).isEqualTo("Our policy \"Shipping within Japan: carriers and fees\" [1] says: MangaAssist Store ships domestic "
                + "orders with two carriers. Small orders go by Japan Post Yu-Packet.");
    }

    @Test
    void answer_whenJapanesePolicyPassage_quotesItInJapanese() {
        String answer = ReferenceResponder.answer("返品できますか？", "chatbot-ja", ReferenceBlock.render(List.of(RETURNS_JA)));

        assertThat(answer).isEqualTo("「返品について」[1]によると、未開封の商品は到着後8日以内であれば返品できます。開封済みの商品は返品できません。");
    }

    @Test
    void answer_whenOrderPassage_statesTheOrderFactsWithItsCitation() {
        String answer = ReferenceResponder.answer("Where is my order?", "chatbot-en", ReferenceBlock.render(List.of(ORDER)));

        assertThat(answer).isEqualTo("About your order [1]: " + ORDER.text());
    }

    @Test
    void answer_whenKindsAreMixed_putsOrderThenPolicyThenCatalogKeepingTheBlocksNumbers() {
        String answer = ReferenceResponder.answer("My Berserk order?", "chatbot-en",
                ReferenceBlock.render(List.of(PING_PONG, SHIPPING, ORDER, REAL)));

        assertThat(answer).containsSubsequence("About your order [3]:", "Our policy \"Shipping within Japan: carriers and fees\" [2] says: "
                + "MangaAssist Store ships domestic orders with two carriers.", "Ping Pong (ピンポン) [1]", "Real (リアル) [4]");
        assertThat(answer).as("one policy sentence when other kinds share the answer").doesNotContain("Yu-Packet");
    }

    @Test
    void answer_whenNoPassages_saysItFoundNothingAndNamesNoTitle() {
        String english = ReferenceResponder.answer("Recommend a samurai manga like Vagabond", "chatbot-en", null);
        String japanese = ReferenceResponder.answer("バガボンドみたいな侍の漫画を教えて", "chatbot-ja", "");
        String unparsable = ReferenceResponder.answer("Recommend a samurai manga", "chatbot-en", "some notes without headers\nat all");

        assertThat(english).startsWith("I found nothing in the store's catalog or policies").doesNotContain("Vagabond", "[1]");
        assertThat(japanese).contains("カタログ", "見つかりませんでした").doesNotContain("バガボンド", "[1]");
        assertThat(unparsable).isEqualTo(ReferenceResponder.answer(List.of(), false));
    }

    @Test
    void answer_whenNoPassages_stillStreamsForFiftyToSeventyTokens() {
        // Platform tests hold a turn's capacity while it streams; an empty retrieval must not make that a blip.
        assertThat(AnswerTokens.split(ReferenceResponder.answer(List.of(), false))).hasSizeBetween(50, 70);
        assertThat(AnswerTokens.split(ReferenceResponder.answer(List.of(), true))).hasSizeBetween(50, 70);
    }

    @Test
    void answer_whenQuestionNamesATitleNotInTheBlock_neverMentionsIt() {
        String answer = ReferenceResponder.answer("Is Vagabond like Berserk?", "chatbot-en", ReferenceBlock.render(List.of(REAL)));

        assertThat(answer).contains("Real (リアル) [1]").doesNotContain("Vagabond", "Berserk", "[2]");
    }

    @Test
    void answer_whenAskedTwice_isTheSame() {
        String block = ReferenceBlock.render(List.of(ORDER, PING_PONG));

        assertThat(ReferenceResponder.answer("order?", "chatbot-en", block)).isEqualTo(ReferenceResponder.answer("order?", "chatbot-en", block));
    }

    @Test
    void asksInJapanese_whenKanaKanjiOrOnlyTheAdapterSays_followsTheQuestionFirst() {
        assertThat(ReferenceResponder.asksInJapanese("ワンピース", "chatbot-en")).isTrue();
        assertThat(ReferenceResponder.asksInJapanese("侍", null)).isTrue();
        assertThat(ReferenceResponder.asksInJapanese("One Piece?", "chatbot-ja")).isFalse();
        assertThat(ReferenceResponder.asksInJapanese("", "chatbot-ja")).isTrue();
        assertThat(ReferenceResponder.asksInJapanese("?", "chatbot-en")).isFalse();
    }
}
