package com.mangaassist.shared.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.wire.client.ClientFrame;
import com.mangaassist.shared.wire.client.ClientFrameCodec;
import com.mangaassist.shared.wire.client.SendMessage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ClientFrameCodecProperties {

    private final ClientFrameCodec codec = ClientFrameCodec.withDefaults();

    @Property(tries = 2_000)
    void decode_whenArbitraryBytes_neverThrows(@ForAll byte[] frame) {
        Decoded<ClientFrame> decoded = codec.decode(frame);

        assertThat(decoded).isNotNull();
    }

    @Property(tries = 2_000)
    void decode_whenArbitraryString_neverThrows(@ForAll String frame) {
        assertThat(codec.decode(frame)).isNotNull();
    }

    @Property(tries = 500)
    void decode_whenValidSendMessageEncoded_roundTrips(@ForAll("sendMessages") SendMessage message) {
        Decoded<ClientFrame> decoded = codec.decode(codec.encode(message));

        assertThat(decoded.value()).isEqualTo(message);
    }

    @Property(tries = 500)
    void decode_whenTextHoldsAControlCharacter_refusesItAsInvalidText(@ForAll("controlCharacters") char bad) {
        String frame = codec.encode(new SendMessage("c1", "m1", "before " + bad + " after", null));

        assertRefusedAsInvalidText(codec.decode(frame));
    }

    /** As a client sends one: a lone surrogate has no UTF-8 form, so it can only arrive as a JSON escape. */
    @Property(tries = 500)
    void decode_whenTextHoldsALoneSurrogateEscape_refusesItAsInvalidText(@ForAll("loneSurrogates") char bad) {
        String frame = String.format("{\"action\":\"sendMessage\",\"conversationId\":\"c1\",\"messageId\":\"m1\",\"text\":\"before \\u%04x after\"}",
                (int) bad);

        assertRefusedAsInvalidText(codec.decode(frame));
    }

    private static void assertRefusedAsInvalidText(Decoded<ClientFrame> decoded) {
        assertThat(decoded.isOk()).isFalse();
        assertThat(decoded.error().code()).isEqualTo(ErrorCode.INVALID_TEXT);
        assertThat(decoded.error().messageId()).isEqualTo("m1");
    }

    @Provide
    Arbitrary<Character> controlCharacters() {
        // Drawn from the control ranges themselves: filtering all 65,536 chars down to them ran into jqwik's miss limit.
        return Arbitraries.oneOf(
                Arbitraries.chars().range('\u0000', '\u001F').filter(c -> c != '\n' && c != '\t'),
                Arbitraries.chars().range('\u007F', '\u009F'));
    }

    @Provide
    Arbitrary<Character> loneSurrogates() {
        return Arbitraries.chars().range(Character.MIN_SURROGATE, Character.MAX_SURROGATE);
    }

    @Provide
    Arbitrary<SendMessage> sendMessages() {
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> text = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(300).filter(s -> !s.isBlank())
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)))
                .filter(s -> s.chars().noneMatch(c -> Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t'));
        Arbitrary<String> locale = Arbitraries.of("ja", "en", "en-US", "ja-JP", "zh-Hant-TW").injectNull(0.3);
        return Combinators.combine(ids, ids, text, locale).as(SendMessage::new);
    }
}
