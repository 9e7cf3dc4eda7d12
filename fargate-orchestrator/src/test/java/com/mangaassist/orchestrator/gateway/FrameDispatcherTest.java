package com.mangaassist.orchestrator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangaassist.orchestrator.connection.FrameReply;
import com.mangaassist.orchestrator.testing.OrchestratorParts;
import com.mangaassist.pipeline.conversation.ConversationRef;
import com.mangaassist.pipeline.conversation.Lease;
import com.mangaassist.pipeline.conversation.NewQuestion;
import com.mangaassist.shared.wire.server.ServerFrame;
import com.mangaassist.pipeline.turn.ConversationResume;
import com.mangaassist.pipeline.turn.TurnOutcome;
import com.mangaassist.shared.routing.SpillMode;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.ClientFrameCodec;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import com.mangaassist.shared.wire.gateway.GatewayRoute;
import com.mangaassist.shared.wire.server.Ack;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.Pong;
import com.mangaassist.shared.wire.server.Resumed;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One $default frame each: decoded strictly, then a message to admission, a resume from the store, or a pong; anything else is a typed error. */
class FrameDispatcherTest {

    private static final String CONNECTION = "connDispatch001=";

    private OrchestratorParts parts;
    private FrameDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        parts = new OrchestratorParts(2, SpillMode.HYBRID, true, command -> new TurnOutcome.Superseded());
        dispatcher = new FrameDispatcher(ClientFrameCodec.withDefaults(), parts.admission, ConversationResume.withDefaults(parts.store),
                parts.rateLimiter, parts.frames, parts.metrics);
    }

    @AfterEach
    void tearDown() {
        parts.close();
    }

    private void dispatch(String principal, String body) {
        dispatcher.dispatch(new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-1", principal, body),
                FrameReply.viaConnection(CONNECTION, parts.frames));
    }

    private ErrorFrame onlyError() {
        assertThat(parts.connections.framesFor(CONNECTION)).hasSize(1);
        return (ErrorFrame) parts.connections.framesFor(CONNECTION).get(0);
    }

    @Test
    void dispatch_sendMessage_reachesAdmission() {
        dispatch("user-a", "{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"hello\"}");

        assertThat(parts.connections.framesFor(CONNECTION)).first().isEqualTo(new Ack("m1", 0, 1, 1));
    }

    @Test
    void dispatchForResponse_sendMessage_returnsTheAckForTheIntegrationResponseAndPostsNothing() {
        ServerFrame reply = dispatcher.dispatchForResponse(new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-1", "user-a",
                "{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"hello\"}"));

        assertThat(reply).isEqualTo(new Ack("m1", 0, 1, 1));
        assertThat(parts.connections.framesFor(CONNECTION)).isEmpty();
    }

    @Test
    void dispatchForResponse_malformedFrame_returnsTheTypedError() {
        ServerFrame reply = dispatcher.dispatchForResponse(new GatewayRequest(GatewayRoute.DEFAULT, CONNECTION, "req-1", "user-a", "{\"action\":"));

        assertThat(reply).isInstanceOfSatisfying(ErrorFrame.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_JSON));
        assertThat(parts.connections.framesFor(CONNECTION)).isEmpty();
    }

    @Test
    void dispatch_ping_answersPong() {
        dispatch("user-a", "{\"action\":\"ping\"}");

        assertThat(parts.connections.framesFor(CONNECTION)).singleElement().isInstanceOf(Pong.class);
    }

    @Test
    void dispatch_resume_answersTheCallersTurnsAndNobodyElses() {
        parts.store.accept(new ConversationRef("user-a", "c-1"), new NewQuestion("m1", "hello", 2, List.of(), null, CONNECTION, "r"),
                Lease.running(java.time.Instant.now().plusSeconds(70)));

        dispatch("user-a", "{\"action\":\"resume\",\"conversationId\":\"c-1\"}");
        dispatch("user-b", "{\"action\":\"resume\",\"conversationId\":\"c-1\"}");

        List<ServerFrame> frames = parts.connections.framesFor(CONNECTION);
        assertThat(frames.get(0)).isInstanceOfSatisfying(Resumed.class,
                resumed -> assertThat(resumed.turns()).singleElement().satisfies(turn -> assertThat(turn.text()).isEqualTo("hello")));
        // Another principal's conversation looks exactly like one that does not exist.
        assertThat(frames.get(1)).isEqualTo(new Resumed("c-1", 0, List.of()));
    }

    @Test
    void dispatch_emptyFrame_isRefusedWithATypedError() {
        dispatch("user-a", "");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void dispatch_textWithAControlCharacter_isRefusedAsInvalidTextAndStoresNothing() {
        dispatch("user-a", "{\"action\":\"sendMessage\",\"conversationId\":\"c-1\",\"messageId\":\"m1\",\"text\":\"bad \\u0000 text\"}");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.INVALID_TEXT);
        assertThat(parts.store.all()).isEmpty();
    }

    @Test
    void dispatch_malformedJson_isRefusedWithItsCodeAndCounted() {
        dispatch("user-a", "{\"action\":");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(parts.registry.find("frames.rejected").tag("code", "malformed_json").counter().count()).isEqualTo(1);
    }

    @Test
    void dispatch_unknownAction_isRefusedWithUnknownAction() {
        dispatch("user-a", "{\"action\":\"deleteEverything\"}");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.UNKNOWN_ACTION);
    }

    @Test
    void dispatch_withoutAPrincipal_isRefusedAsUnauthorized() {
        dispatch(null, "{\"action\":\"ping\"}");

        assertThat(onlyError().code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }
}
