package com.mangaassist.shared.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.Fixtures;
import com.mangaassist.shared.domain.Rating;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.FeedbackSaved;
import com.mangaassist.shared.wire.server.Source;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.Pong;
import com.mangaassist.shared.wire.server.Quota;
import com.mangaassist.shared.wire.server.QuotaWindow;
import com.mangaassist.shared.wire.server.Resumed;
import com.mangaassist.shared.wire.server.ResumedTurn;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Token;
import com.mangaassist.shared.wire.server.TurnState;
import com.mangaassist.shared.wire.server.Usage;
import com.mangaassist.shared.wire.server.UsageReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerFrameCodecTest {

    private final ServerFrameCodec codec = ServerFrameCodec.withDefaults();

    private static final Map<String, ServerFrame> GOLDEN = Map.ofEntries(
            Map.entry("ack", new Ack("msg-0001", 0, 1, 5)),
            Map.entry("token", new Token("msg-0001", 1, 1, "Try Berserk: ")),
            Map.entry("done", new Done("msg-0001", 7, 2, 6, Route.OVERFLOW, new Usage(812, 143), true, 12, true,
                    List.of(new Source("slam-dunk", "catalog", "Slam Dunk"), new Source("shipping-domestic-en", "policy", "Shipping within Japan: carriers and fees")))),
            Map.entry("error-busy", ErrorFrame.refusal("msg-0001", ErrorCode.BUSY, "the service is at capacity; retry shortly", 2000L)),
            Map.entry("error-attempt", new ErrorFrame("msg-0001", 4, 2, ErrorCode.MODEL_UNAVAILABLE, "the model is unavailable; send the message again", null)),
            Map.entry("error-no-message-id", ErrorFrame.refusal(null, ErrorCode.MALFORMED_JSON, "not valid JSON", null)),
            Map.entry("resumed", new Resumed("conv-42", 0, List.of(
                    ResumedTurn.question(1, "msg-0001", "Recommend a manga like Vinland Saga", TurnState.ANSWERED, null),
                    ResumedTurn.answer(2, "msg-0001", "Try Berserk.", Route.BASELINE, 4),
                    ResumedTurn.question(3, "msg-0002", "And something shorter?", TurnState.PENDING, null),
                    ResumedTurn.question(5, "msg-0003", "Tell me everything", TurnState.FAILED, ErrorCode.CAPACITY_LIMIT)))),
            Map.entry("resumed-rated", new Resumed("conv-42", 0, List.of(
                    ResumedTurn.question(1, "msg-0001", "Recommend a manga like Vinland Saga", TurnState.ANSWERED, null),
                    ResumedTurn.answer(2, "msg-0001", "Try Berserk.", Route.OVERFLOW, 4, Rating.UP),
                    ResumedTurn.question(3, "msg-0002", "And something shorter?", TurnState.ANSWERED, null),
                    ResumedTurn.answer(4, "msg-0002", "Try Planetes.", null, null)))),
            Map.entry("pong", new Pong(0)),
            Map.entry("feedback-saved", new FeedbackSaved("msg-0001", 0, Rating.DOWN)),
            Map.entry("done-with-quota", new Done("msg-0001", 3, 1, 2, Route.BASELINE, new Usage(640, 96), false, 0, false, List.of(),
                    new Quota(new QuotaWindow(12_736, 200_000L, Instant.parse("2026-12-09T00:00:00Z")),
                            new QuotaWindow(181_442, 3_000_000L, Instant.parse("2027-01-01T00:00:00Z"))))),
            Map.entry("usage", UsageReport.of(new Quota(new QuotaWindow(12_736, null, Instant.parse("2026-12-09T00:00:00Z")),
                    new QuotaWindow(181_442, 3_000_000L, Instant.parse("2027-01-01T00:00:00Z"))))),
            Map.entry("error-quota-exceeded", ErrorFrame.refusal("msg-0002", ErrorCode.QUOTA_EXCEEDED,
                    "this account has used its 200000 tokens for today; the budget starts again at 2026-12-09T00:00:00Z", 3_600_000L)));

    @Test
    void encode_whenEveryFrameType_matchesGoldenJson() {
        GOLDEN.forEach((name, frame) -> assertThat(Fixtures.tree(codec.encode(frame)))
                .as(name).isEqualTo(Fixtures.tree(Fixtures.text("wire/server/" + name + ".json"))));
    }

    @Test
    void decode_whenEveryGoldenFrame_returnsRecord() {
        GOLDEN.forEach((name, frame) -> assertThat(codec.decode(Fixtures.text("wire/server/" + name + ".json")).value())
                .as(name).isEqualTo(frame));
    }

    @Test
    void decode_whenDoneClaimsTruncationWithoutDroppedTurns_fails() {
        String frame = "{\"type\":\"done\",\"messageId\":\"m\",\"seq\":2,\"attempt\":1,\"turnSeq\":2,\"route\":\"baseline\",\"usage\":{\"promptTokens\":1,\"completionTokens\":1},\"truncated\":true,\"turnsDropped\":0,\"grounded\":false,\"sources\":[]}";

        assertThat(codec.decode(frame).error().code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void decode_whenDoneClaimsGroundingWithoutSources_fails() {
        String frame = "{\"type\":\"done\",\"messageId\":\"m\",\"seq\":2,\"attempt\":1,\"turnSeq\":2,\"route\":\"baseline\",\"usage\":{\"promptTokens\":1,\"completionTokens\":1},\"truncated\":false,\"turnsDropped\":0,\"grounded\":true,\"sources\":[]}";

        assertThat(codec.decode(frame).error().code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void decode_whenSourceHasUnknownKind_fails() {
        String frame = "{\"type\":\"done\",\"messageId\":\"m\",\"seq\":2,\"attempt\":1,\"turnSeq\":2,\"route\":\"baseline\",\"usage\":{\"promptTokens\":1,\"completionTokens\":1},\"truncated\":false,\"turnsDropped\":0,\"grounded\":true,\"sources\":[{\"id\":\"x\",\"kind\":\"script\",\"title\":\"x\"}]}";

        assertThat(codec.decode(frame).error().code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void decode_whenAQuotaWindowHasAZeroLimitOrNoReset_fails() {
        String zero = Fixtures.text("wire/server/usage.json").replace("\"limit\":3000000", "\"limit\":0");
        String noReset = Fixtures.text("wire/server/usage.json").replace(",\"resetsAt\":\"2027-01-01T00:00:00Z\"", "");

        assertThat(codec.decode(zero).isOk()).isFalse();
        assertThat(codec.decode(noReset).isOk()).isFalse();
    }

    @Test
    void quota_whenADayIsSpentAndTheMonthIsNot_acceptsAgainWhenTheDayResets() {
        Instant tomorrow = Instant.parse("2026-12-09T00:00:00Z");
        Instant nextMonth = Instant.parse("2027-01-01T00:00:00Z");
        Quota dayOnly = new Quota(new QuotaWindow(200_000, 200_000L, tomorrow), new QuotaWindow(1, 3_000_000L, nextMonth));
        Quota both = new Quota(new QuotaWindow(200_000, 200_000L, tomorrow), new QuotaWindow(3_000_001, 3_000_000L, nextMonth));
        Quota unlimited = new Quota(new QuotaWindow(9_999_999, null, tomorrow), new QuotaWindow(9_999_999, null, nextMonth));

        assertThat(dayOnly.spent()).isTrue();
        assertThat(dayOnly.acceptsAgainAt()).isEqualTo(tomorrow);
        assertThat(both.acceptsAgainAt()).isEqualTo(nextMonth);
        assertThat(unlimited.spent()).isFalse();
        assertThat(unlimited.acceptsAgainAt()).isNull();
    }

    @Test
    void decode_whenUnknownType_fails() {
        assertThat(codec.decode("{\"type\":\"typing\",\"seq\":0}").error().code()).isEqualTo(ErrorCode.UNKNOWN_ACTION);
    }

    @Test
    void token_whenSeqIsZero_isRejected() {
        assertThatThrownBy(() -> new Token("m", 0, 1, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decode_whenAttemptsErrorHasNoSeq_fails() {
        String frame = "{\"type\":\"error\",\"messageId\":\"m\",\"seq\":0,\"attempt\":2,\"code\":\"internal\",\"message\":\"x\"}";

        assertThat(codec.decode(frame).error().code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void decode_whenAnswerCarriesAState_fails() {
        String frame = "{\"type\":\"resumed\",\"conversationId\":\"c\",\"seq\":0,\"turns\":[{\"seq\":2,\"role\":\"assistant\","
                + "\"messageId\":\"m\",\"text\":\"a\",\"state\":\"answered\"}]}";

        assertThat(codec.decode(frame).error().code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void decode_whenAQuestionCarriesARating_fails() {
        String frame = "{\"type\":\"resumed\",\"conversationId\":\"c\",\"seq\":0,\"turns\":[{\"seq\":1,\"role\":\"user\","
                + "\"messageId\":\"m\",\"text\":\"q\",\"state\":\"answered\",\"rating\":\"up\"}]}";

        assertThat(codec.decode(frame).error().field()).isEqualTo("rating");
    }

    @Test
    void decode_whenFeedbackSavedHasASeqOrAnUnknownRating_fails() {
        assertThat(codec.decode("{\"type\":\"feedbackSaved\",\"messageId\":\"m\",\"seq\":1,\"rating\":\"up\"}").error().field())
                .isEqualTo("seq");
        assertThat(codec.decode("{\"type\":\"feedbackSaved\",\"messageId\":\"m\",\"seq\":0,\"rating\":\"meh\"}").error().field())
                .isEqualTo("rating");
    }

    @Test
    void feedbackSaved_belongsToItsMessage() {
        assertThat(new FeedbackSaved("m7", 0, Rating.UP).messageId()).isEqualTo("m7");
        assertThatThrownBy(() -> new FeedbackSaved("m7", 1, Rating.UP)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decode_whenTokenHasNoAttempt_fails() {
        assertThat(codec.decode("{\"type\":\"token\",\"messageId\":\"m\",\"seq\":1,\"text\":\"x\"}").error().code())
                .isEqualTo(ErrorCode.MISSING_FIELD);
    }

    @Test
    void errorFrame_fromWireError_keepsCodeAndSalvagedMessageId() {
        ErrorFrame frame = ErrorFrame.from(WireError.ofField(ErrorCode.TEXT_TOO_LONG, "text", "too long").withMessageId("m9"));

        assertThat(frame.messageId()).isEqualTo("m9");
        assertThat(frame.code()).isEqualTo(ErrorCode.TEXT_TOO_LONG);
        assertThat(frame.seq()).isZero();
    }
}
