package com.mangaassist.shared.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.budget.JtokkitTokenCounter;
import com.mangaassist.shared.budget.PromptPart;
import com.mangaassist.shared.budget.TokenCounter;
import com.mangaassist.shared.domain.ModelTier;
import com.mangaassist.shared.routing.DegradeHint;
import com.mangaassist.shared.wire.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSelectorTest {

    private static final TokenCounter COUNTER = JtokkitTokenCounter.withDefaults();
    private final ModelSelector selector = new ModelSelector(ModelRoutingTable.defaults(), new ComplexityEstimator());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {"ja, chatbot-ja", "ja-JP, chatbot-ja", "JA, chatbot-ja", "en-US, chatbot-en", "fr, chatbot-en", "-, chatbot-en"})
    void select_picksAdapterByPrimaryLanguage(String locale, String adapter) {
        assertThat(selector.select(locale, COUNTER.part("hi"), 0, null).adapter()).isEqualTo(adapter);
    }

    @Test
    void select_whenSimpleQuestion_usesSmallTierWithItsWindow() {
        ModelSelection selection = selector.select("en", COUNTER.part("Recommend a shonen manga"), 2, null);

        assertThat(selection.tier()).isEqualTo(ModelTier.SMALL);
        assertThat(selection.endpointName()).isEqualTo("mangaassist-small");
        assertThat(selection.contextWindow()).isEqualTo(4096);
        assertThat(selection.maxOutputTokens()).isEqualTo(512);
    }

    @Test
    void select_whenComparativeMultiPartQuestion_usesLargeTier() {
        PromptPart query = COUNTER.part("Compare Berserk and Vinland Saga: why do their protagonists change? "
                + "Explain the difference in art style? And which should I read first?");

        ModelSelection selection = selector.select("en", query, 12, null);

        assertThat(selection.tier()).isEqualTo(ModelTier.LARGE);
        assertThat(selection.reason()).isEqualTo(TierReason.COMPLEXITY);
        assertThat(selection.contextWindow()).isEqualTo(8192);
    }

    @Test
    void select_whenJapaneseReasoningCues_scoresThemToo() {
        int plain = new ComplexityEstimator().estimate("漫画を教えて", 10, 0);
        int reasoning = new ComplexityEstimator().estimate("ベルセルクとヴィンランド・サガを比較して、なぜ違いがあるのか説明して", 40, 0);

        assertThat(reasoning).isGreaterThan(plain + 20);
    }

    @Test
    void select_whenDegraded_capsTierAndOutput() {
        PromptPart query = COUNTER.part("Compare Berserk and Vinland Saga in depth? Why? Explain?");

        ModelSelection selection = selector.select("en", query, 40, new DegradeHint(128, ModelTier.SMALL));

        assertThat(selection.tier()).isEqualTo(ModelTier.SMALL);
        assertThat(selection.reason()).isEqualTo(TierReason.DEGRADED);
        assertThat(selection.maxOutputTokens()).isEqualTo(128);
    }

    @Test
    void fromJson_whenTableInvalid_failsWithFieldError() {
        String json = "{\"adapters\":{\"ja\":\"chatbot ja\"},\"defaultAdapter\":\"chatbot-en\",\"tiers\":{},\"largeTierThreshold\":50}";

        assertThat(ModelRoutingTable.fromJson(json.getBytes(StandardCharsets.UTF_8)).error().code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void fromJson_whenOutputNotBelowWindow_fails() {
        String json = "{\"adapters\":{},\"defaultAdapter\":\"a\",\"tiers\":{\"small\":{\"endpointName\":\"s\",\"contextWindow\":512,\"maxOutputTokens\":512},"
                + "\"large\":{\"endpointName\":\"l\",\"contextWindow\":1024,\"maxOutputTokens\":10}},\"largeTierThreshold\":50}";

        assertThat(ModelRoutingTable.fromJson(json.getBytes(StandardCharsets.UTF_8)).isOk()).isFalse();
    }

    @Test
    void withEndpoints_whenOnlyOneEndpointIsDeployed_sendsEveryTurnToIt() {
        ModelSelector single = new ModelSelector(ModelRoutingTable.defaults().withEndpoints("mangaassist-prod-chat", null), new ComplexityEstimator());

        ModelSelection hard = single.select("en", COUNTER.part("Compare and explain why, step by step, in depth? Why? " + "x ".repeat(300)), 40,
                null);

        assertThat(hard.endpointName()).isEqualTo("mangaassist-prod-chat");
        assertThat(hard.tier()).isEqualTo(ModelTier.SMALL);
        assertThat(hard.reason()).isEqualTo(TierReason.LARGE_ABSENT);
        assertThat(single.select("en", COUNTER.part("hi"), 0, null).reason()).isEqualTo(TierReason.COMPLEXITY);
    }
}
