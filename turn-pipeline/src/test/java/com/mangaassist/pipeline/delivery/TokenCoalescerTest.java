package com.mangaassist.pipeline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.wire.WireLimits;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TokenCoalescerTest {

    private static final long MS = 1_000_000L;

    @Test
    void offer_sendsTheFirstTokenAtOnce() {
        TokenCoalescer coalescer = TokenCoalescer.withDefaults("m1", 1);

        assertThat(coalescer.offer("Try ", 0)).containsExactly(new Token("m1", 1, 1, "Try "));
    }

    @Test
    void offer_coalescesLaterTokensUntilFiftyMillisecondsPass() {
        TokenCoalescer coalescer = TokenCoalescer.withDefaults("m1", 1);
        coalescer.offer("Try ", 0);

        assertThat(coalescer.offer("Vaga", 10 * MS)).isEmpty();
        assertThat(coalescer.offer("bond", 30 * MS)).isEmpty();
        assertThat(coalescer.flushIfDue(59 * MS)).isEmpty();
        assertThat(coalescer.flushIfDue(60 * MS)).containsExactly(new Token("m1", 2, 1, "Vagabond"));
        assertThat(coalescer.hasPending()).isFalse();
    }

    @Test
    void offer_whenTheOldestPendingTokenIsDue_flushesWithoutATimer() {
        TokenCoalescer coalescer = TokenCoalescer.withDefaults("m1", 1);
        coalescer.offer("a", 0);
        coalescer.offer("b", 5 * MS);

        assertThat(coalescer.offer("c", 55 * MS)).containsExactly(new Token("m1", 2, 1, "bc"));
    }

    @Test
    void finish_sendsWhatIsLeftAndDoneTakesTheNextSeq() {
        TokenCoalescer coalescer = TokenCoalescer.withDefaults("m1", 1);
        coalescer.offer("a", 0);
        coalescer.offer("b", MS);

        assertThat(coalescer.finish()).containsExactly(new Token("m1", 2, 1, "b"));
        assertThat(coalescer.finish()).isEmpty();
        assertThat(coalescer.nextSeq()).isEqualTo(3);
    }

    @Test
    void offer_whenATokenIsLargerThanAFrame_splitsItOnCharacterBoundaries() {
        TokenCoalescer coalescer = new TokenCoalescer("m1", 1, 10, Duration.ofMillis(50));

        List<Token> frames = coalescer.offer("漫画漫画漫画漫画", 0); // 24 bytes

        assertThat(frames).extracting(Token::text).containsExactly("漫画漫", "画漫画", "漫画");
        assertThat(frames).extracting(Token::seq).containsExactly(1L, 2L, 3L);
    }

    @Property(tries = 300)
    void frames_keepOrderLoseNothingAndFitTheApiGatewayFrame(@ForAll @Size(max = 200) List<@StringLength(max = 40) String> tokens,
                                                             @ForAll @IntRange(min = 0, max = 30) int gapMillis) {
        TokenCoalescer coalescer = new TokenCoalescer("m1", 1, 64, Duration.ofMillis(50));
        List<Token> frames = new ArrayList<>();
        long now = 0;
        for (String token : tokens) {
            frames.addAll(coalescer.offer(token, now));
            now += gapMillis * MS;
            frames.addAll(coalescer.flushIfDue(now));
        }
        frames.addAll(coalescer.finish());

        StringBuilder text = new StringBuilder();
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).seq()).isEqualTo(i + 1);
            assertThat(TokenCoalescer.encodedLength(frames.get(i).text())).isLessThanOrEqualTo(64);
            text.append(frames.get(i).text());
        }
        assertThat(text.toString()).isEqualTo(String.join("", tokens));
        assertThat(coalescer.nextSeq()).isEqualTo(frames.size() + 1);
    }

    @Test
    void defaultFrames_encodeWithinTheApiGatewayLimitEvenWhenEscapingDoublesTheText() {
        TokenCoalescer coalescer = TokenCoalescer.withDefaults("a-message-id-" + "x".repeat(115), 1);
        // Quotes and backslashes take two bytes each once JSON-escaped; control characters six.
        List<Token> frames = new ArrayList<>(coalescer.offer("\"\\".repeat(20_000) + "\u0001".repeat(3_000), 0));
        frames.addAll(coalescer.offer("漫画📚".repeat(5_000), 0));
        frames.addAll(coalescer.finish());

        for (Token frame : frames) {
            assertThat(ServerFrameCodec.withDefaults().encodeBytes(frame).length).isLessThanOrEqualTo(WireLimits.API_GATEWAY_FRAME_BYTES);
        }
        assertThat(frames).hasSizeGreaterThan(3);
    }

    @Test
    void encodedLength_countsJsonEscapes() {
        assertThat(TokenCoalescer.encodedLength("a\"b")).isEqualTo(4);
        assertThat(TokenCoalescer.encodedLength("\u0001")).isEqualTo(6);
        assertThat(TokenCoalescer.encodedLength("漫")).isEqualTo(3);
        assertThat(TokenCoalescer.encodedLength("📚")).isEqualTo(4);
    }
}
