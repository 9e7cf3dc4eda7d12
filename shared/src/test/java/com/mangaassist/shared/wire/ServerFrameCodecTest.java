package com.mangaassist.shared.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangaassist.shared.Fixtures;
import com.mangaassist.shared.domain.Role;
import com.mangaassist.shared.domain.Route;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.Done;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.Pong;
import com.mangaassist.shared.wire.server.Resumed;
import com.mangaassist.shared.wire.server.ResumedTurn;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.shared.wire.server.ServerFrameCodec;
import com.mangaassist.shared.wire.server.Token;
import com.mangaassist.shared.wire.server.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerFrameCodecTest {

    private final ServerFrameCodec codec = ServerFrameCodec.withDefaults();

    private static final Map<String, ServerFrame> GOLDEN = Map.of(
            "ack", Ack.of("msg-0001"),
            "token", new Token("msg-0001", 1, "Try Berserk: "),
            "done", new Done("msg-0001", 7, Route.OVERFLOW, new Usage(812, 143), true, 12),
            "error-busy", new ErrorFrame("msg-0001", 0, ErrorCode.BUSY, "the service is at capacity; retry shortly", 2000L),
            "error-no-message-id", new ErrorFrame(null, 0, ErrorCode.MALFORMED_JSON, "not valid JSON", null),
            "resumed", new Resumed("conv-42", 0, List.of(
                    new ResumedTurn(1, Role.USER, "msg-0001", "Recommend a manga like Vinland Saga", null),
                    new ResumedTurn(2, Role.ASSISTANT, "msg-0001", "Try Berserk.", Route.BASELINE))),
            "pong", new Pong(0));

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
        String frame = "{\"type\":\"done\",\"messageId\":\"m\",\"seq\":2,\"route\":\"baseline\",\"usage\":{\"promptTokens\":1,\"completionTokens\":1},\"truncated\":true,\"turnsDropped\":0}";

        assertThat(codec.decode(frame).error().code()).isEqualTo(ErrorCode.INVALID_FIELD);
    }

    @Test
    void decode_whenUnknownType_fails() {
        assertThat(codec.decode("{\"type\":\"typing\",\"seq\":0}").error().code()).isEqualTo(ErrorCode.UNKNOWN_ACTION);
    }

    @Test
    void token_whenSeqIsZero_isRejected() {
        assertThatThrownBy(() -> new Token("m", 0, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorFrame_fromWireError_keepsCodeAndSalvagedMessageId() {
        ErrorFrame frame = ErrorFrame.from(WireError.ofField(ErrorCode.TEXT_TOO_LONG, "text", "too long").withMessageId("m9"));

        assertThat(frame.messageId()).isEqualTo("m9");
        assertThat(frame.code()).isEqualTo(ErrorCode.TEXT_TOO_LONG);
        assertThat(frame.seq()).isZero();
    }
}
