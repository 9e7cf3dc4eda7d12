package com.mangaassist.shared.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.knuddels.jtokkit.api.EncodingType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class JtokkitTokenCounterTest {

    private final JtokkitTokenCounter exact = new JtokkitTokenCounter(EncodingType.CL100K_BASE, 0.0, 0);
    private final JtokkitTokenCounter counter = JtokkitTokenCounter.withDefaults();

    @Test
    void count_whenEmpty_isZeroBecauseNoMessageIsSent() {
        assertThat(counter.count("")).isZero();
        assertThat(counter.count(null)).isZero();
    }

    @Test
    void count_whenNoMarginOrOverhead_matchesTheEncoding() {
        assertThat(exact.count("hello world")).isEqualTo(2);
    }

    @Test
    void count_addsMarginRoundedUpAndMessageOverhead() {
        JtokkitTokenCounter padded = new JtokkitTokenCounter(EncodingType.CL100K_BASE, 0.5, 4);

        // 2 raw tokens * 1.5 = 3, plus 4 overhead
        assertThat(padded.count("hello world")).isEqualTo(7);
    }

    @Test
    void count_whenTextContainsSpecialTokenStrings_countsThemAsOrdinaryText() {
        assertThat(exact.count("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void truncate_whenTextFits_returnsItUnchanged() {
        assertThat(counter.truncate("short", 100)).isEqualTo(counter.part("short"));
    }

    @Test
    void truncate_whenAllowanceBelowOverhead_returnsEmpty() {
        assertThat(counter.truncate("some words here", JtokkitTokenCounter.DEFAULT_MESSAGE_OVERHEAD)).isEqualTo(PromptPart.EMPTY);
    }

    @Test
    void constructor_whenMarginNegative_isRejected() {
        assertThatThrownBy(() -> new JtokkitTokenCounter(EncodingType.CL100K_BASE, -0.1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 300)
    void truncate_alwaysReturnsAPrefixWithinTheAllowance(@ForAll @StringLength(max = 400) String text,
                                                          @ForAll @IntRange(min = 0, max = 120) int allowance) {
        PromptPart cut = counter.truncate(text, allowance);

        assertThat(text).startsWith(cut.text());
        assertThat(cut.tokens()).isEqualTo(counter.count(cut.text()));
        if (counter.count(text) <= allowance) {
            assertThat(cut.text()).isEqualTo(text);
        } else {
            assertThat(cut.tokens()).isLessThanOrEqualTo(allowance);
        }
    }

    @Test
    void truncate_whenJapaneseText_cutsOnCharacterBoundary() {
        String text = "ワンピースに似た漫画を教えてください。冒険と友情の物語が好きです。".repeat(5);

        PromptPart cut = counter.truncate(text, 30);

        assertThat(cut.tokens()).isLessThanOrEqualTo(30);
        assertThat(cut.text()).isNotEmpty();
        assertThat(text).startsWith(cut.text());
        assertThat(cut.text().chars().noneMatch(c -> c == '\uFFFD')).isTrue();
    }
}
