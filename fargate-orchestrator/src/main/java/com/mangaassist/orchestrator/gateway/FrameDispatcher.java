package com.mangaassist.orchestrator.gateway;

import com.mangaassist.orchestrator.admission.TokenBuckets;
import com.mangaassist.orchestrator.admission.TurnAdmission;
import com.mangaassist.orchestrator.connection.FrameReply;
import com.mangaassist.orchestrator.connection.FrameSender;
import com.mangaassist.orchestrator.metrics.OrchestratorMetrics;
import com.mangaassist.pipeline.delivery.ReplyFrames;
import com.mangaassist.pipeline.turn.ConversationResume;
import com.mangaassist.shared.wire.Decoded;
import com.mangaassist.shared.wire.ErrorCode;
import com.mangaassist.shared.wire.client.ClientFrame;
import com.mangaassist.shared.wire.client.ClientFrameCodec;
import com.mangaassist.shared.wire.client.Ping;
import com.mangaassist.shared.wire.client.Resume;
import com.mangaassist.shared.wire.client.SendMessage;
import com.mangaassist.shared.wire.gateway.GatewayRequest;
import com.mangaassist.shared.wire.server.ErrorFrame;
import com.mangaassist.shared.wire.server.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Handles one {@code $default} frame after the integration call was answered: decode it strictly,
 * then send a message to admission, answer a resume from the store, or answer a ping. Every frame
 * that cannot be accepted gets an {@code error} frame with the codec's code and writes nothing.
 */
public final class FrameDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDispatcher.class);

    private final ClientFrameCodec codec;
    private final TurnAdmission admission;
    private final ConversationResume resume;
    private final TokenBuckets rateLimiter;
    private final FrameSender frames;
    private final OrchestratorMetrics metrics;

    public FrameDispatcher(ClientFrameCodec codec, TurnAdmission admission, ConversationResume resume, TokenBuckets rateLimiter,
                           FrameSender frames, OrchestratorMetrics metrics) {
        this.codec = codec;
        this.admission = admission;
        this.resume = resume;
        this.rateLimiter = rateLimiter;
        this.frames = frames;
        this.metrics = metrics;
    }

    /**
     * Handles the frame and returns its immediate reply for the integration response (API Gateway
     * hands it to the client); any further frame is posted. {@code null} when there was none.
     */
    public ServerFrame dispatchForResponse(GatewayRequest request) {
        FrameReply reply = FrameReply.viaResponse(request.connectionId(), frames);
        dispatch(request, reply);
        return reply.responseFrame();
    }

    /** Handles the frame; its replies go to {@code reply}. */
    public void dispatch(GatewayRequest request, FrameReply reply) {
        MDC.put("requestId", request.requestId());
        MDC.put("connectionId", request.connectionId());
        try {
            if (!request.isAuthenticated()) {
                refuse(reply, ReplyFrames.frameRefused(ErrorCode.UNAUTHORIZED, "this connection has no authenticated principal"));
                return;
            }
            Decoded<ClientFrame> decoded = codec.decode(request.body());
            if (!decoded.isOk()) {
                refuse(reply, ErrorFrame.from(decoded.error()));
                return;
            }
            ClientFrame frame = decoded.value();
            if (frame instanceof SendMessage message) {
                MDC.put("conversationId", message.conversationId());
                MDC.put("messageId", message.messageId());
                admission.admit(request, message, reply);
            } else if (frame instanceof Resume resumeFrame) {
                reply.send(resume.resume(request.principal(), resumeFrame));
            } else if (frame instanceof Ping) {
                reply.send(ReplyFrames.pong());
            }
        } catch (RuntimeException e) {
            LOG.error("event=dispatch_failed", e);
            reply.send(ReplyFrames.frameRefused(ErrorCode.INTERNAL, "the frame could not be processed"));
        } finally {
            MDC.clear();
        }
    }

    public void disconnected(GatewayRequest request) {
        rateLimiter.forget(request.connectionId());
    }

    private void refuse(FrameReply reply, ErrorFrame error) {
        metrics.rejected(error.code());
        LOG.info("event=frame_rejected code={}", error.code().wireName());
        reply.send(error);
    }
}
