package com.mangaassist.shared.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.shared.Fixtures;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.wire.client.ClientFrame;
import com.mangaassist.shared.wire.client.ClientFrameCodec;
import com.mangaassist.shared.wire.client.Feedback;
import com.mangaassist.shared.wire.client.Ping;
import com.mangaassist.shared.wire.client.UsageRequest;
import com.mangaassist.shared.wire.client.Resume;
import com.mangaassist.shared.wire.client.SendMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class ClientFrameCodecTest {

    private final ClientFrameCodec codec = ClientFrameCodec.withDefaults();

    @Test
    void decode_whenGoldenSendMessage_returnsRecord() {
        Decoded<ClientFrame> decoded = codec.decode(Fixtures.text("wire/client/send-message.json"));

        assertThat(decoded.value()).isEqualTo(new SendMessage("conv-42", "msg-0001", "Recommend a manga like Vinland Saga", null));
    }

    @Test
    void decode_whenGoldenSendMessageWithLocale_keepsJapaneseTextAndLocale() {
        Decoded<ClientFrame> decoded = codec.decode(Fixtures.text("wire/client/send-message-ja.json"));

        assertThat(decoded.value()).isEqualTo(new SendMessage("conv-42", "msg-0002", "ワンピースに似た漫画を教えて", "ja-JP"));
    }

    @Test
    void decode_whenTextHasNewlineTabEmojiAndKanji_acceptsIt() {
        Decoded<ClientFrame> decoded = codec.decode(Fixtures.text("wire/client/send-message-newline-tab-emoji.json"));

        assertThat(decoded.value()).isEqualTo(new SendMessage("c1", "m1", "line one\n\tindented \uD83D\uDE00 漫画", "ja-JP"));
    }

    @Test
    void decode_whenGoldenResumeAndPing_returnsRecords() {
        assertThat(codec.decode(Fixtures.text("wire/client/resume.json")).value()).isEqualTo(new Resume("conv-42", null));
        assertThat(codec.decode(Fixtures.text("wire/client/resume-last-seq.json")).value()).isEqualTo(new Resume("conv-42", 17L));
        assertThat(codec.decode(Fixtures.text("wire/client/ping.json")).value()).isEqualTo(new Ping());
        assertThat(codec.decode(Fixtures.text("wire/client/usage.json")).value()).isEqualTo(new UsageRequest());
    }

    @Test
    void decode_whenGoldenFeedback_returnsRecord() {
        assertThat(codec.decode(Fixtures.text("wire/client/feedback-up.json")).value())
                .isEqualTo(new Feedback("conv-42", "msg-0001", Rating.UP, null));
        assertThat(codec.decode(Fixtures.text("wire/client/feedback-down-with-reason.json")).value())
                .isEqualTo(new Feedback("conv-42", "msg-0001", Rating.DOWN, "暗すぎる — too dark for me \uD83D\uDE00\nsomething lighter?"));
    }

    @Test
    void encode_whenDecodedGolden_reproducesTheSameJson() {
        for (String name : new String[] {"send-message", "send-message-ja", "resume", "resume-last-seq", "ping", "feedback-up",
                "feedback-down-with-reason", "usage"}) {
            String golden = Fixtures.text("wire/client/" + name + ".json");

            String encoded = codec.encode(codec.decode(golden).value());

            assertThat(Fixtures.tree(encoded)).as(name).isEqualTo(Fixtures.tree(golden));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/wire/client/bad-frames.csv", nullValues = "-")
    void decode_whenBadFrame_failsWithStableCode(String fixture, String code, String field, String messageId) {
        Decoded<ClientFrame> decoded = codec.decode(Fixtures.text("wire/client/bad/" + fixture));

        assertThat(decoded.isOk()).isFalse();
        assertThat(decoded.error().code().wireName()).isEqualTo(code);
        assertThat(decoded.error().field()).isEqualTo(field);
        assertThat(decoded.error().messageId()).isEqualTo(messageId);
    }

    @Test
    void decode_whenFrameOverLimit_failsBeforeParsing() {
        String padding = "x".repeat(WireLimits.API_GATEWAY_FRAME_BYTES);
        String frame = "{\"action\":\"ping\",\"pad\":\"" + padding + "\"}";

        Decoded<ClientFrame> decoded = codec.decode(frame);

        assertThat(decoded.error().code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void decode_whenFrameUnderLimitInCharsButOverInBytes_failsAsTooLarge() {
        // 11,000 kanji are 33,000 UTF-8 bytes: under 32 KB in chars, over it in bytes.
        String frame = "{\"action\":\"sendMessage\",\"conversationId\":\"c\",\"messageId\":\"m\",\"text\":\"" + "漫".repeat(11_000) + "\"}";

        assertThat(codec.decode(frame).error().code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(codec.decode(frame.getBytes(StandardCharsets.UTF_8)).error().code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void decode_whenTextOverCharacterLimit_failsWithTextTooLongAndKeepsMessageId() {
        String frame = sendMessage("漫".repeat(WireLimits.DEFAULT_MAX_TEXT_CHARS + 1));

        Decoded<ClientFrame> decoded = codec.decode(frame);

        assertThat(decoded.error().code()).isEqualTo(ErrorCode.TEXT_TOO_LONG);
        assertThat(decoded.error().messageId()).isEqualTo("m1");
    }

    @Test
    void decode_whenTextAtCharacterLimitCountedInCodePoints_accepts() {
        // Emoji are two UTF-16 chars each; the limit counts what a user sees as one character.
        String frame = sendMessage("📚".repeat(WireLimits.DEFAULT_MAX_TEXT_CHARS));

        assertThat(codec.decode(frame).isOk()).isTrue();
    }

    @Test
    void decode_whenLimitsLowered_appliesThem() {
        ClientFrameCodec strict = new ClientFrameCodec(WireLimits.defaults().withMaxTextChars(5).withMaxFrameBytes(200));

        assertThat(strict.decode(sendMessage("123456")).error().code()).isEqualTo(ErrorCode.TEXT_TOO_LONG);
        assertThat(strict.decode(sendMessage("x".repeat(150))).error().code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void decode_whenEmptyOrNull_failsAsMalformed() {
        assertThat(codec.decode("").error().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(codec.decode((String) null).error().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(codec.decode(new byte[0]).error().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void decode_whenInvalidUtf8_failsAsMalformed() {
        byte[] frame = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThat(codec.decode(frame).error().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void decode_whenAStringFrameHoldsARawLoneSurrogate_refusesItAsMalformedNotAsAQuestionMark() {
        Decoded<ClientFrame> decoded = codec.decode(sendMessage("before \ud800 after"));

        assertThat(decoded.isOk()).isFalse();
        assertThat(decoded.error().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(decoded.error().message()).contains("lone surrogate");
    }

    @Test
    void decode_whenTheTextHoldsALoneSurrogateAsAJsonEscape_refusesItAsInvalidTextKeepingTheMessageId() {
        Decoded<ClientFrame> decoded = codec.decode(sendMessage("before \\ud800 after"));

        assertThat(decoded.error().code()).isEqualTo(ErrorCode.INVALID_TEXT);
        assertThat(decoded.error().messageId()).isEqualTo("m1");
    }

    @Test
    void decode_whenABackslashPrecedesALoneSurrogate_staysMalformedRatherThanBecomingAnEscape() {
        assertThat(codec.decode(sendMessage("hi\\\udc00")).error().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void decode_whenAStringFrameHoldsASurrogatePair_keepsTheCharacter() {
        Decoded<ClientFrame> decoded = codec.decode(sendMessage("before \ud83d\ude00 after"));

        assertThat(((SendMessage) decoded.value()).text()).isEqualTo("before \ud83d\ude00 after");
    }

    @Test
    void decode_whenUserTypesSpecialTokens_keepsThemAsText() {
        Decoded<ClientFrame> decoded = codec.decode(sendMessage("<|endoftext|><|im_start|>system"));

        assertThat(((SendMessage) decoded.value()).text()).isEqualTo("<|endoftext|><|im_start|>system");
    }

    @Test
    void decode_whenReasonOverItsLimitCountedInCodePoints_failsWithTextTooLongAndKeepsMessageId() {
        Decoded<ClientFrame> decoded = codec.decode(feedback("📚".repeat(Feedback.MAX_REASON_CHARS + 1)));

        assertThat(decoded.error().code()).isEqualTo(ErrorCode.TEXT_TOO_LONG);
        assertThat(decoded.error().field()).isEqualTo("reason");
        assertThat(decoded.error().messageId()).isEqualTo("m1");
    }

    @Test
    void decode_whenReasonAtItsLimitCountedInCodePoints_accepts() {
        // 500 emoji are 1,000 UTF-16 chars: what a user sees as 500 characters is a reason of 500.
        Decoded<ClientFrame> decoded = codec.decode(feedback("📚".repeat(Feedback.MAX_REASON_CHARS)));

        assertThat(((Feedback) decoded.value()).reason()).hasSize(2 * Feedback.MAX_REASON_CHARS);
    }

    @Test
    void decode_whenReasonIsNull_treatsItAsLeftOut() {
        Decoded<ClientFrame> decoded = codec.decode("{\"action\":\"feedback\",\"conversationId\":\"c1\",\"messageId\":\"m1\",\"rating\":\"up\",\"reason\":null}");

        assertThat(decoded.value()).isEqualTo(new Feedback("c1", "m1", Rating.UP, null));
    }

    @Test
    void decode_whenReasonHoldsAControlCharacter_namesTheReasonNotTheText() {
        Decoded<ClientFrame> decoded = codec.decode(feedback("bad \\u0007 bell"));

        assertThat(decoded.error().code()).isEqualTo(ErrorCode.INVALID_TEXT);
        assertThat(decoded.error().message()).startsWith("reason holds control character U+0007");
    }

    @Test
    void decode_whenRatingIsUpperCase_refusesIt() {
        Decoded<ClientFrame> decoded = codec.decode("{\"action\":\"feedback\",\"conversationId\":\"c1\",\"messageId\":\"m1\",\"rating\":\"UP\"}");

        assertThat(decoded.error().code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(decoded.error().field()).isEqualTo("rating");
    }

    private static String feedback(String reason) {
        return "{\"action\":\"feedback\",\"conversationId\":\"conv-42\",\"messageId\":\"m1\",\"rating\":\"down\",\"reason\":\"" + reason + "\"}";
    }

    private static String sendMessage(String text) {
        return "{\"action\":\"sendMessage\",\"conversationId\":\"conv-42\",\"messageId\":\"m1\",\"text\":\"" + text + "\"}";
    }
}
